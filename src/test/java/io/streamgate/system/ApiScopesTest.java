package io.streamgate.system;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.streamgate.Api;
import io.streamgate.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import io.streamgate.pipeline.spark.SparkConnection;
import org.apache.spark.SparkContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may do what: API keys with scopes, and OAuth2 bearer tokens (JWT) signed with a key the test
 * made, from an OpenID issuer the test serves (its discovery document and its keys, as Keycloak would),
 * named by Spring Boot's {@code issuer-uri}. Reading, producing and operating each need their scope;
 * without credentials, or with bad ones, a 401 problem; without the scope, a 403 problem that names it.
 * The Spark UI takes the same key or token.
 */
@IntegrationTest
@TestPropertySource(properties = {
        "streamgate.security.api-keys.reader.key=reader-key-1", "streamgate.security.api-keys.reader.scopes=read",
        "streamgate.security.api-keys.producer.key=producer-key-2", "streamgate.security.api-keys.producer.scopes=produce",
        "streamgate.security.api-keys.operator.key=operator-key-3",
        "streamgate.security.api-keys.operator.scopes=read,operate",
        "streamgate.spark.ui-enabled=true", "streamgate.spark.config.spark.ui.port=0"})
class ApiScopesTest {

    private static final KeyPair SIGNING = rsa();
    private static final KeyPair FOREIGN = rsa();
    private static final String MESSAGE = "{\"key\": \"k\", \"value\": {\"id\": 1, \"name\": \"n\"}}";

    @LocalServerPort
    int port;

    @Autowired
    SparkConnection spark;

    private static final HttpServer ISSUER = issuer();
    private static final String ISSUER_URI = "http://127.0.0.1:" + ISSUER.getAddress().getPort() + "/realms/test";

    @DynamicPropertySource
    static void issuer(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> ISSUER_URI);
    }

    @AfterAll
    static void stopIssuer() {
        ISSUER.stop(0);
    }

    /** OpenID Connect discovery and the signing key's JWK set, as an issuer serves them. */
    private static HttpServer issuer() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/test";
            answer(server, "/realms/test/.well-known/openid-configuration",
                    "{\"issuer\": \"" + base + "\", \"jwks_uri\": \"" + base + "/certs\"}");
            answer(server, "/realms/test/certs",
                    new JWKSet(new RSAKey.Builder((RSAPublicKey) SIGNING.getPublic()).keyID("test").build()).toString());
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void answer(HttpServer server, String path, String json) {
        server.createContext(path, exchange -> {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }

    @Test
    void eachKeyDoesWhatItsScopesAllowAndEveryChangeOfAQueryIsAudited() {
        ListAppender<ILoggingEvent> audit = new ListAppender<>();
        audit.start();
        ((Logger) LoggerFactory.getLogger("streamgate.audit")).addAppender(audit);
        Api reader = withKey("reader-key-1");
        Api producer = withKey("producer-key-2");
        Api operator = withKey("operator-key-3");

        assertThat(reader.get("/queries").status()).isEqualTo(200);
        assertForbidden(reader.postJson("/messages", MESSAGE), "streamgate:produce");
        assertThat(producer.postJson("/messages", MESSAGE).status()).isEqualTo(200);
        assertThat(producer.postJson("/topics/testTopic/messages", MESSAGE).status()).isEqualTo(200);
        assertForbidden(reader.postJson("/topics/testTopic/messages/batch", "[" + MESSAGE + "]"), "streamgate:produce");
        assertForbidden(operator.postJson("/topics/testTopic/messages", MESSAGE), "streamgate:produce");
        assertForbidden(producer.get("/queries/status"), "streamgate:read");
        assertForbidden(producer.post("/queries/start"), "streamgate:operate");
        assertForbidden(reader.putJson("/queries/mine", "{\"sql\": \"SELECT key FROM events\"}"), "streamgate:operate");
        assertThat(operator.putJson("/queries/mine", "{\"sql\": \"SELECT key FROM events\"}").status()).isEqualTo(201);
        assertThat(operator.post("/queries/mine/start").status()).isEqualTo(200);
        assertThat(operator.post("/queries/mine/stop").status()).isEqualTo(200);
        assertThat(operator.delete("/queries/mine").status()).isEqualTo(204);

        assertUnauthorized(withKey("reader-key-2").get("/queries"));
        assertUnauthorized(new Api(port).get("/queries"));
        assertUnauthorized(new Api(port).post("/queries/start"));
        assertThat(new Api(port).get("/actuator/health").status()).isEqualTo(200);

        ((Logger) LoggerFactory.getLogger("streamgate.audit")).detachAppender(audit);
        // Each line is written as its request ends, on the request's own thread: a refusal's answer can
        // reach the client, and its next request be logged, before that thread writes the line.
        assertThat(audit.list).extracting(ILoggingEvent::getFormattedMessage).containsExactlyInAnyOrder(
                "principal=producer action=start query=streamgate outcome=403",
                "principal=reader action=define query=mine outcome=403",
                "principal=operator action=create query=mine outcome=201",
                "principal=operator action=start query=mine outcome=200",
                "principal=operator action=stop query=mine outcome=200",
                "principal=operator action=delete query=mine outcome=204",
                "principal=anonymous action=start query=streamgate outcome=401");
        assertThat(audit.list.get(2).getKeyValuePairs()).extracting(pair -> pair.key + "=" + pair.value)
                .containsExactly("principal=operator", "action=create", "query=mine", "outcome=201");
    }

    @Test
    void aTokenDoesWhatItsScopeClaimAllows() {
        Api reads = withToken(token(SIGNING, "streamgate:read", Instant.now().plusSeconds(300), ISSUER_URI));
        Api producesAndOperates = withToken(token(SIGNING, "streamgate:produce streamgate:operate",
                Instant.now().plusSeconds(300), ISSUER_URI));

        assertThat(reads.get("/queries/status").status()).isEqualTo(200);
        assertForbidden(reads.postJson("/messages", MESSAGE), "streamgate:produce");
        assertForbidden(reads.post("/queries/start"), "streamgate:operate");
        assertThat(producesAndOperates.postJson("/messages", MESSAGE).status()).isEqualTo(200);
        assertForbidden(producesAndOperates.get("/queries"), "streamgate:read");
    }

    @Test
    void meNamesTheCallerAndWhatItMayDo() {
        JsonNode reader = withKey("reader-key-1").get("/me").json();
        assertThat(reader.get("name").asString()).isEqualTo("reader");
        assertThat(reader.get("scopes").toString()).isEqualTo("[\"read\"]");
        assertThat(reader.get("accepts").toString()).isEqualTo("[\"api-key\",\"bearer\"]");
        assertThat(withKey("operator-key-3").get("/me").json().get("scopes").toString())
                .isEqualTo("[\"read\",\"operate\"]");
        JsonNode token = withToken(token(SIGNING, "streamgate:produce streamgate:operate",
                Instant.now().plusSeconds(300), ISSUER_URI)).get("/me").json();
        assertThat(token.get("scopes").toString()).isEqualTo("[\"produce\",\"operate\"]");

        JsonNode nobody = new Api(port).get("/me").json();
        assertThat(nobody.get("name").isNull()).isTrue();
        assertThat(nobody.get("scopes")).isEmpty();
        assertUnauthorized(withKey("reader-key-2").get("/me"));
    }

    @Test
    void anExpiredTokenAForeignKeyAndAnotherIssuerAre401() {
        assertUnauthorized(withToken(token(SIGNING, "streamgate:read", Instant.now().minusSeconds(600),
                ISSUER_URI)).get("/queries"));
        assertUnauthorized(withToken(token(FOREIGN, "streamgate:read", Instant.now().plusSeconds(300),
                ISSUER_URI)).get("/queries"));
        assertUnauthorized(withToken(token(SIGNING, "streamgate:read", Instant.now().plusSeconds(300),
                "https://someone-else.test/realms/test")).get("/queries"));
    }

    @Test
    void theSparkUiNeedsTheKeyOrTokenOfAReaderAndCannotKill() throws Exception {
        SparkContext spark = this.spark.session().sparkContext();
        String jobs = spark.uiWebUrl().get() + "/jobs/";
        String read = token(SIGNING, "streamgate:read", Instant.now().plusSeconds(300), ISSUER_URI);

        assertThat(status(jobs, Map.of())).isEqualTo(401);
        assertThat(status(jobs, Map.of(SecurityConfiguration.API_KEY_HEADER, "reader-key-2"))).isEqualTo(401);
        assertThat(status(jobs, Map.of(SecurityConfiguration.API_KEY_HEADER, "producer-key-2"))).isEqualTo(403);
        assertThat(status(jobs, Map.of(SecurityConfiguration.API_KEY_HEADER, "reader-key-1"))).isEqualTo(200);
        assertThat(status(jobs, Map.of("Authorization", "Bearer " + read))).isEqualTo(200);
        assertThat(spark.getConf().get("spark.ui.killEnabled")).isEqualTo("false");
    }

    private static int status(String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void theLiveStreamsTakeATokenWithTheReadScope() throws Exception {
        String read = token(SIGNING, "streamgate:read", Instant.now().plusSeconds(300), ISSUER_URI);
        String produce = token(SIGNING, "streamgate:produce", Instant.now().plusSeconds(300), ISSUER_URI);

        assertThat(streamStatus("/topics/testTopic/tail", read)).isEqualTo(200);
        assertThat(streamStatus("/queries/streamgate/events", read)).isEqualTo(200);
        assertThat(streamStatus("/topics/testTopic/tail", produce)).isEqualTo(403);
        assertThat(streamStatus("/topics/testTopic/tail", null)).isEqualTo(401);
    }

    /** Opens the stream, reads its status, and lets go of it. */
    private int streamStatus(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofInputStream());
        response.body().close();
        return response.statusCode();
    }

    private Api withKey(String key) {
        return new Api(port, Map.of(SecurityConfiguration.API_KEY_HEADER, key));
    }

    private Api withToken(String token) {
        return new Api(port, Map.of("Authorization", "Bearer " + token));
    }

    private static void assertForbidden(Api.Response response, String scope) {
        assertThat(response.status()).as(response.toString()).isEqualTo(403);
        assertThat(response.isProblem()).isTrue();
        assertThat(response.json().get("detail").asString()).contains(scope);
    }

    private static void assertUnauthorized(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.isProblem()).isTrue();
    }

    private static String token(KeyPair key, String scope, Instant expires, String issuer) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder()
                    .subject("ana").issuer(issuer).claim("scope", scope)
                    .issueTime(Date.from(expires.minusSeconds(900))).expirationTime(Date.from(expires)).build());
            jwt.sign(new RSASSASigner((RSAPrivateKey) key.getPrivate()));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
