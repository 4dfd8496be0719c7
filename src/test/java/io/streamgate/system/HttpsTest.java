package io.streamgate.system;

import io.streamgate.IntegrationTest;
import io.streamgate.kafka.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The API over HTTPS with Spring Boot's own {@code server.ssl.bundle}, its certificate signed by a CA
 * the test makes: a TLS client that trusts that CA (and only it) reads, produces, operates and follows a
 * live stream; one that does not trust it, or speaks plain HTTP, gets nothing. The console, in Chromium
 * over the same HTTPS, signs in with a key and shows only what that key's scopes allow.
 */
@IntegrationTest
@TestPropertySource(properties = {
        "server.ssl.bundle=web",
        "streamgate.security.api-keys.reader.key=reader-key-1", "streamgate.security.api-keys.reader.scopes=read",
        "streamgate.security.api-keys.operator.key=operator-key-2",
        "streamgate.security.api-keys.operator.scopes=read,produce,operate"})
class HttpsTest {

    private static final String PASSWORD = "https-test-password";
    private static final TestCertificates CERTIFICATES = certificates();
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @LocalServerPort
    int port;

    private WebDriver browser;

    private static TestCertificates certificates() {
        try {
            return TestCertificates.make(Files.createTempDirectory("https-test"), PASSWORD);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void serverCertificate(DynamicPropertyRegistry registry) {
        registry.add("spring.ssl.bundle.jks.web.keystore.location", () -> "file:" + CERTIFICATES.brokerKeyStore());
        registry.add("spring.ssl.bundle.jks.web.keystore.password", () -> PASSWORD);
        registry.add("spring.ssl.bundle.jks.web.keystore.type", () -> "PKCS12");
        registry.add("spring.ssl.bundle.jks.web.key.alias", () -> "broker");
    }

    @AfterEach
    void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aClientThatTrustsTheCaUsesEveryPartOfTheApi() throws Exception {
        HttpClient tls = HttpClient.newBuilder().sslContext(trusting(CERTIFICATES.trustStore()))
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> health = tls.send(get("/actuator/health").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.headers().firstValue("Strict-Transport-Security")).as("HSTS, as Spring Security sends on HTTPS")
                .isPresent();
        assertThat(tls.send(get("/").build(), HttpResponse.BodyHandlers.ofString()).body()).contains("console.js");
        assertThat(tls.send(get("/queries").header("X-API-Key", "reader-key-1").build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        HttpResponse<String> produced = tls.send(get("/messages").header("X-API-Key", "operator-key-2")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"key\": \"tls-1\", \"value\": {\"id\": 1, \"name\": \"t\"}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(produced.statusCode()).as(produced.body()).isEqualTo(200);
        assertThat(tls.send(get("/queries/start").header("X-API-Key", "operator-key-2")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(200);

        // A live stream over TLS: the query's events, its state first.
        HttpResponse<InputStream> events = tls.send(get("/queries/streamgate/events").header("X-API-Key", "reader-key-1")
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(events.statusCode()).isEqualTo(200);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null && !line.startsWith("event:")) {
                // the stream's opening comment, if any
            }
            assertThat(line).isEqualTo("event:state");
        }
        assertThat(tls.send(get("/queries/stop").header("X-API-Key", "operator-key-2")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aClientThatDoesNotTrustTheCaOrSpeaksPlainHttpGetsNothing() throws Exception {
        HttpClient defaults = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        assertThatThrownBy(() -> defaults.send(get("/actuator/health").build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);
        HttpRequest plain = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(10)).build();
        int status;
        try {
            status = defaults.send(plain, HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException e) {
            status = -1; // the connection closed: no answer at all
        }
        assertThat(status).as("plain HTTP on the TLS port").isNotEqualTo(200);
    }

    @Test
    void theConsoleOverHttpsShowsOnlyWhatTheKeyMayDo() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "No chromium and chromedriver in /usr/bin: apt-get install -y chromium chromium-driver (as .ci/run does)");
        // Chromium trusts this server's key and no other certificate error: the test's CA is not in its store.
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000",
                "--ignore-certificate-errors-spki-list=" + serverKeyHash());
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(),
                options);
        browser.get("https://localhost:" + port + "/");
        await().atMost(Duration.ofSeconds(20)).until(() -> displayed("sign-in"));
        assertThat(displayed("produce-panel")).isFalse();
        assertThat(displayed("tail-panel")).isFalse();
        assertThat(text("not-allowed")).contains("Sign in");

        signIn("reader-key-1");
        await().atMost(Duration.ofSeconds(20)).until(() -> text("connection").equals("CONNECTED"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.cssSelector("#queries tr")).isEmpty());
        assertThat(text("caller")).isEqualTo("reader: read");
        assertThat(displayed("produce-panel")).as("a reader cannot produce").isFalse();
        assertThat(displayed("sql-editor")).as("nor define queries").isFalse();
        assertThat(browser.findElements(By.cssSelector("#queries button[data-query]"))).as("nor start or stop them")
                .isEmpty();

        signIn("operator-key-2");
        await().atMost(Duration.ofSeconds(20)).until(() -> text("connection").equals("CONNECTED"));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                !browser.findElements(By.cssSelector("#queries button[data-query='streamgate']")).isEmpty());
        assertThat(displayed("produce-panel")).isTrue();
        assertThat(displayed("sql-editor")).isTrue();
        browser.findElement(By.id("produce-key")).sendKeys("console-over-tls");
        browser.findElement(By.id("produce-send")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> text("produce-result").contains("acknowledged"));
        await().atMost(Duration.ofSeconds(15)).until(() -> text("tail-rows").contains("console-over-tls"));
    }

    private void signIn(String key) {
        WebElement credential = browser.findElement(By.id("credential"));
        credential.clear();
        credential.sendKeys(key);
        browser.findElement(By.id("sign-in-button")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> text("caller").startsWith(key.substring(0, key.indexOf('-'))));
    }

    private boolean displayed(String id) {
        return browser.findElement(By.id(id)).isDisplayed();
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create("https://localhost:" + port + path)).timeout(Duration.ofSeconds(30));
    }

    private static SSLContext trusting(Path trustStore) throws Exception {
        KeyStore store = KeyStore.getInstance(trustStore.toFile(), PASSWORD.toCharArray());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** The base64 SHA-256 of the server certificate's public key, as Chromium's SPKI list takes it. */
    private static String serverKeyHash() throws Exception {
        Certificate certificate = KeyStore.getInstance(CERTIFICATES.brokerKeyStore().toFile(), PASSWORD.toCharArray())
                .getCertificate("broker");
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(certificate.getPublicKey().getEncoded()));
    }
}
