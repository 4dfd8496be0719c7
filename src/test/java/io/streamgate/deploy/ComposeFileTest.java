package io.streamgate.deploy;

import io.streamgate.pipeline.spark.SparkProperties;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.Resource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import static org.assertj.core.api.Assertions.assertThat;

/** docker-compose.yml and the Dockerfile checked against the app's own configuration, without Docker. */
class ComposeFileTest {

    private final ComposeFile compose = ComposeFile.load();
    private final String dockerfile = read("Dockerfile");
    private final String pom = read("pom.xml");

    @Test
    void kafkaAndTheAppShareTheNetworkKafkaNet() {
        assertThat(ComposeFile.map(ComposeFile.map(compose.root(), "networks"), "kafka-net").get("name")).isEqualTo("kafka-net");
        for (String service : compose.services().keySet()) {
            assertThat(ComposeFile.list(compose.service(service), "networks")).as(service).containsExactly("kafka-net");
        }
    }

    @Test
    void kafkaRunsInKraftModeWithAHealthcheckAVolumeAndAListenerForContainersAndOneForTheHost() {
        Map<String, Object> kafka = compose.service("kafka");
        Map<String, String> env = compose.environment("kafka");
        assertThat(env.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
        assertThat(env).doesNotContainKey("KAFKA_ZOOKEEPER_CONNECT");
        assertThat(env.get("KAFKA_ADVERTISED_LISTENERS")).contains("INTERNAL://kafka:29092").contains("EXTERNAL://localhost:9092");
        assertThat(ComposeFile.list(kafka, "ports")).contains("9092:9092");
        assertThat(ComposeFile.map(kafka, "healthcheck")).containsKey("test");
        assertThat(ComposeFile.list(kafka, "volumes")).anySatisfy(v -> assertThat(v.toString()).startsWith("kafka-data:"));
    }

    @Test
    void theKafkaImageIsTheKafkaVersionOfTheAppsClient() {
        assertThat(compose.service("kafka").get("image")).isEqualTo("apache/kafka:" + AppInfoParser.getVersion());
    }

    @Test
    void theAppUsesTheInternalListenerAndStartsOnlyOnceKafkaIsHealthy() {
        for (String app : List.of("app", "app-on-spark")) {
            assertThat(compose.environment(app).get("SPRING_KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("kafka:29092");
            Map<String, Object> dependsOn = ComposeFile.map(compose.service(app), "depends_on");
            assertThat(ComposeFile.map(dependsOn, "kafka").get("condition")).isEqualTo("service_healthy");
            assertThat(ComposeFile.list(compose.service(app), "volumes")).anySatisfy(v -> assertThat(v.toString()).endsWith(":/app/data"));
            assertThat(compose.environment(app).get("STREAMGATE_PIPELINE_CHECKPOINT_DIR")).startsWith("/app/data/");
            assertThat(compose.environment(app).get("STREAMGATE_PIPELINE_ARCHIVE_PATH")).startsWith("/app/data/");
            assertThat(compose.environment(app).get("STREAMGATE_SECURITY_API_KEY")).startsWith("${STREAMGATE_API_KEY:-");
        }
    }

    @Test
    void everyEnvironmentVariableGivenToTheAppIsASettingTheAppHas() throws IOException {
        Set<String> settings = knownSettings();
        Map<String, String> env = new HashMap<>(compose.environment("app"));
        env.putAll(compose.environment("app-on-spark"));
        env.putAll(compose.environment("app-secure"));
        env.putAll(dockerfileEnvironment());
        // Read by the JVM's start command and by glibc, not by Spring.
        env.keySet().removeAll(Set.of("JAVA_OPTS", "SPARK_JVM_FLAGS", "MALLOC_ARENA_MAX"));

        for (String name : env.keySet()) {
            String relaxed = normalize(name);
            boolean known = settings.contains(relaxed)
                    || relaxed.startsWith(normalize("streamgate.spark.config.")) // a map of free Spark keys
                    || relaxed.startsWith(normalize("spring.kafka.properties.")); // and of free Kafka keys
            assertThat(known).as("%s names no setting of the app", name).isTrue();
        }
    }

    @Test
    void theSparkProfileRunsAStandaloneClusterOfTheAppsSparkVersionAndPointsTheAppAtIt() {
        for (String service : List.of("spark-master", "spark-worker", "app-on-spark")) {
            assertThat(ComposeFile.list(compose.service(service), "profiles")).as(service).containsExactly("spark");
        }
        String sparkVersion = org.apache.spark.package$.MODULE$.SPARK_VERSION();
        assertThat(compose.service("spark-master").get("image").toString()).startsWith("apache/spark:" + sparkVersion);
        assertThat(compose.service("spark-worker").get("image").toString()).startsWith("apache/spark:" + sparkVersion);
        assertThat(compose.service("spark-worker").get("command").toString()).endsWith("spark://spark-master:7077");

        // Bound exactly as Spring Boot binds the container's environment.
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new HashMap<>(compose.environment("app-on-spark"))));
        SparkProperties spark = new Binder(ConfigurationPropertySources.from(environment.getPropertySources()))
                .bindOrCreate("streamgate.spark", SparkProperties.class);
        assertThat(spark.master()).isEqualTo("spark://spark-master:7077");
        assertThat(spark.config()).containsEntry("spark.driver.host", "app-on-spark")
                .containsEntry("spark.executor.memory", "1g");
    }

    @Test
    void theSecureProfileRunsKafkaWithSaslSslOnlyAndTheAppWithSpringKafkaSettingsForIt() {
        for (String service : List.of("kafka-certs", "kafka-secure", "app-secure")) {
            assertThat(ComposeFile.list(compose.service(service), "profiles")).as(service).containsExactly("secure");
        }
        Map<String, String> broker = compose.environment("kafka-secure");
        assertThat(broker.get("KAFKA_ADVERTISED_LISTENERS")).isEqualTo("SASL_SSL://kafka-secure:29093");
        assertThat(broker.get("KAFKA_LISTENERS")).doesNotContain("PLAINTEXT://");
        assertThat(broker.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP")).contains("SASL_SSL:SASL_SSL")
                .doesNotContain("SASL_SSL:PLAINTEXT");
        assertThat(broker.get("KAFKA_INTER_BROKER_LISTENER_NAME")).isEqualTo("SASL_SSL");
        assertThat(compose.service("kafka-secure")).as("nothing published: clients are on kafka-net").doesNotContainKey("ports");
        assertThat(compose.service("kafka-secure").get("image")).isEqualTo(compose.service("kafka").get("image"));
        assertThat(ComposeFile.map(ComposeFile.map(compose.service("kafka-secure"), "depends_on"), "kafka-certs")
                .get("condition")).isEqualTo("service_completed_successfully");
        assertThat(ComposeFile.map(ComposeFile.map(compose.service("app-secure"), "depends_on"), "kafka-secure")
                .get("condition")).isEqualTo("service_healthy");
        assertThat(ComposeFile.list(compose.service("app-secure"), "volumes")).as("the trust store only, never the broker's key")
                .contains("kafka-secure-trust:/app/kafka-trust:ro").noneMatch(v -> v.toString().startsWith("kafka-secure-secrets"));

        // Bound exactly as Spring Boot binds the container's environment, into the clients' own settings.
        Map<String, Object> client = kafkaClient(compose.environment("app-secure"));
        assertThat(client).containsEntry("bootstrap.servers", List.of("kafka-secure:29093"))
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("ssl.truststore.type", "PKCS12");
        assertThat(String.valueOf(client.get("ssl.truststore.location"))).endsWith("/app/kafka-trust/truststore.p12");
        assertThat(String.valueOf(client.get("sasl.jaas.config")))
                .startsWith("org.apache.kafka.common.security.plain.PlainLoginModule required username=\"streamgate\"");
    }

    /**
     * The certificates script as kafka-certs runs it (bash and keytool, here the JDK's): the app's trust store
     * trusts the broker's certificate for the broker's name, and the broker's users hold the app's password.
     */
    @Test
    void theSecureProfilesCertificatesAndUsersFitTheApp(@TempDir Path dir) throws Exception {
        Map<String, String> certs = withDefaults(compose.environment("kafka-certs"));
        Path brokerDir = dir.resolve("broker");
        Path clientDir = dir.resolve("client");
        ProcessBuilder script = new ProcessBuilder("bash", "compose/secure/make-certificates.sh").redirectErrorStream(true);
        script.environment().putAll(certs);
        script.environment().put("BROKER_DIR", brokerDir.toString());
        script.environment().put("CLIENT_DIR", clientDir.toString());
        script.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
        Process run = script.start();
        String output = new String(run.getInputStream().readAllBytes());
        assertThat(run.waitFor()).as(output).isZero();
        assertThat(clientDir.toFile().list()).as("a client gets the trust store alone").containsExactly("truststore.p12");

        Map<String, String> app = withDefaults(compose.environment("app-secure"));
        KeyStore trust = KeyStore.getInstance(clientDir.resolve("truststore.p12").toFile(),
                app.get("SPRING_KAFKA_SSL_TRUST_STORE_PASSWORD").toCharArray());
        KeyStore brokerStore = KeyStore.getInstance(brokerDir.resolve("broker.p12").toFile(), Files.readString(
                brokerDir.resolve(compose.environment("kafka-secure").get("KAFKA_SSL_KEYSTORE_CREDENTIALS"))).toCharArray());
        X509Certificate[] chain = Arrays.stream(brokerStore.getCertificateChain("broker"))
                .map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
        TrustManagerFactory trusting = TrustManagerFactory.getInstance("PKIX");
        trusting.init(trust);
        ((X509ExtendedTrustManager) trusting.getTrustManagers()[0]).checkServerTrusted(chain, "ECDHE_ECDSA");
        assertThat(chain[0].getSubjectAlternativeNames()).extracting(name -> (Object) name.get(1)).contains("kafka-secure");

        String users = Files.readString(brokerDir.resolve("kafka_server_jaas.conf"));
        Matcher appUser = Pattern.compile("username=\"([^\"]+)\" password=\"([^\"]+)\"")
                .matcher(app.get("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG"));
        assertThat(appUser.find()).isTrue();
        assertThat(users).contains("user_" + appUser.group(1) + "=\"" + appUser.group(2) + "\"");
        assertThat(compose.environment("kafka-secure").get("KAFKA_OPTS"))
                .endsWith("/etc/kafka/secrets/kafka_server_jaas.conf");
    }

    /** Compose's {@code ${NAME:-default}}, with nothing set: the default. */
    private static Map<String, String> withDefaults(Map<String, String> env) {
        Map<String, String> resolved = new HashMap<>();
        env.forEach((name, value) -> resolved.put(name, value.replaceAll("\\$\\{[A-Z_]+:-([^}]*)}", "$1")));
        return resolved;
    }

    private static Map<String, Object> kafkaClient(Map<String, String> env) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new HashMap<>(withDefaults(env))));
        return new Binder(ConfigurationPropertySources.from(environment.getPropertySources()))
                .bindOrCreate("spring.kafka", KafkaProperties.class).buildAdminProperties();
    }

    /** Executors write the archive's part files, the app its logs: on a cluster both must see one folder. */
    @Test
    void theAppOnSparkAndEveryWorkerShareOneVolumeAtTheSamePathAsOneUser() throws IOException {
        String appVolume = volumeAt(compose.service("app-on-spark"), "/app/data");
        assertThat(volumeAt(compose.service("spark-worker"), "/app/data")).isEqualTo(appVolume);
        assertThat(ComposeFile.map(compose.root(), "volumes")).containsKey(appVolume);
        Map<String, String> env = compose.environment("app-on-spark");
        assertThat(env.get("STREAMGATE_PIPELINE_SHARED_STORAGE")).isEqualTo("true");
        assertThat(env.get("STREAMGATE_PIPELINE_CHECKPOINT_DIR")).startsWith("/app/data/");
        assertThat(env.get("STREAMGATE_PIPELINE_ARCHIVE_PATH")).startsWith("/app/data/");
        // The volume is made from the app image's /app/data: the worker starts after the app.
        assertThat(ComposeFile.map(compose.service("spark-worker"), "depends_on")).containsKey("app-on-spark");
        assertThat(compose.service("spark-worker")).as("scalable with --scale").doesNotContainKeys("ports", "container_name");
        assertThat(dockerfile).as("the apache/spark image's uid")
                .contains("useradd --system --uid 185 ");
    }

    private static String volumeAt(Map<String, Object> service, String path) {
        return ComposeFile.list(service, "volumes").stream().map(Object::toString)
                .filter(volume -> volume.endsWith(":" + path)).map(volume -> volume.substring(0, volume.indexOf(':')))
                .findFirst().orElseThrow(() -> new AssertionError("no volume at " + path));
    }

    @Test
    void theDockerfileIsMultiStageNonRootLayeredAndHealthChecked() {
        assertThat(dockerfile).contains("FROM eclipse-temurin:17-jdk AS build").contains("FROM eclipse-temurin:17-jre");
        assertThat(dockerfile).contains("./mvnw").contains("-Djarmode=tools").contains("--layers");
        assertThat(dockerfile).contains("USER streamgate").contains("HEALTHCHECK").contains("/actuator/health");
        assertThat(dockerfile).as("the Dockerfile passes the same JVM flags as the build")
                .contains(property(pom, "spark.jvm.flags"));
    }

    /**
     * The JVM options the build gives the service (pom.xml's {@code service.jvm.heap} and
     * {@code service.jvm.flags}: spring-boot:run and the benchmark) and its malloc arenas
     * ({@code service.malloc.arenas}) are Compose's and the image's, written in each; the image sizes its
     * heap by the container's memory instead of {@code -Xmx}.
     */
    @Test
    void theAppsJvmOptionsAreTheBuilds() {
        List<String> build = new ArrayList<>(List.of(words(property(pom, "service.jvm.heap"))));
        build.addAll(List.of(words(property(pom, "service.jvm.flags"))));
        assertThat(build).contains("-XX:+ExitOnOutOfMemoryError").anyMatch(flag -> flag.startsWith("-Xmx"));
        String arenas = property(pom, "service.malloc.arenas");
        for (String service : List.of("app", "app-on-spark", "app-secure")) {
            assertThat(words(compose.environment(service).get("JAVA_OPTS"))).as(service)
                    .containsExactlyInAnyOrderElementsOf(build);
            assertThat(compose.environment(service).get("MALLOC_ARENA_MAX")).as(service).isEqualTo(arenas);
        }
        assertThat(dockerfile).contains("MALLOC_ARENA_MAX=" + arenas + " ");
        Matcher image = Pattern.compile("JAVA_OPTS=\"([^\"]*)\"").matcher(dockerfile);
        assertThat(image.find()).isTrue();
        assertThat(words(image.group(1))).as("the Dockerfile's JAVA_OPTS")
                .containsExactlyInAnyOrderElementsOf(build.stream()
                        .map(flag -> flag.startsWith("-Xmx") ? "-XX:MaxRAMPercentage=75" : flag).toList());
    }

    private static String property(String pom, String name) {
        Matcher value = Pattern.compile("<" + Pattern.quote(name) + ">([^<]*)</" + Pattern.quote(name) + ">").matcher(pom);
        assertThat(value.find()).as(name).isTrue();
        return value.group(1);
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String[] words(String options) {
        return options.trim().split("\\s+");
    }

    private Map<String, String> dockerfileEnvironment() {
        Map<String, String> env = new HashMap<>();
        Matcher assignment = Pattern.compile("\\b([A-Z][A-Z0-9_]+)=").matcher(
                dockerfile.replaceAll("(?s)^.*?\\nENV ", "").replaceAll("(?s)\\n\\n.*", ""));
        while (assignment.find()) {
            env.put(assignment.group(1), "");
        }
        assertThat(env).containsKey("STREAMGATE_PIPELINE_CHECKPOINT_DIR");
        return env;
    }

    /** Every property Spring Boot and the app describe in their configuration metadata, relaxed. */
    private static Set<String> knownSettings() throws IOException {
        Set<String> names = new HashSet<>();
        JsonMapper json = JsonMapper.builder().build();
        Resource[] metadata = new PathMatchingResourcePatternResolver()
                .getResources("classpath*:META-INF/spring-configuration-metadata.json");
        for (Resource resource : metadata) {
            try (InputStream in = resource.getInputStream()) {
                for (JsonNode property : json.readTree(in).path("properties")) {
                    names.add(normalize(property.get("name").asString()));
                }
            }
        }
        assertThat(names).contains(normalize("streamgate.pipeline.checkpoint-dir"), normalize("spring.kafka.bootstrap-servers"));
        return names;
    }

    private static String normalize(String name) {
        return name.toLowerCase().replaceAll("[^a-z0-9]", "");
    }
}
