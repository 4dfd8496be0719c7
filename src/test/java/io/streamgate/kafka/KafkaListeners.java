package io.streamgate.kafka;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SslConfigs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The client listeners of a test cluster's nodes, and what the test's own admin client needs to reach them. */
public sealed interface KafkaListeners {

    /** The number of client listeners a node has; {@link KafkaCluster#bootstrapServers(int)} takes their place. */
    int count();

    /** The {@code listeners} (and advertised listeners) of a node with these ports, one per client listener. */
    String listeners(String host, List<Integer> ports);

    /** The broker's settings for them, the listener brokers use between them included. */
    Map<String, String> brokerConfig();

    /** What {@code kafka-storage format} adds: users, for SCRAM. */
    List<String> formatArguments();

    /** The listener, by its place, and the settings the test's admin client uses. */
    int adminListener();

    Map<String, Object> adminClient();

    default List<Integer> ports(String host) {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < count(); i++) {
            ports.add(EmbeddedKafkaBroker.freePort(host));
        }
        return ports;
    }

    /** One listener, with no security. */
    record Plaintext() implements KafkaListeners {

        @Override
        public int count() {
            return 1;
        }

        @Override
        public String listeners(String host, List<Integer> ports) {
            return "PLAINTEXT://" + host + ":" + ports.get(0);
        }

        @Override
        public Map<String, String> brokerConfig() {
            return Map.of("inter.broker.listener.name", "PLAINTEXT",
                    "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        }

        @Override
        public List<String> formatArguments() {
            return List.of();
        }

        @Override
        public int adminListener() {
            return 0;
        }

        @Override
        public Map<String, Object> adminClient() {
            return Map.of();
        }
    }

    /**
     * No client gets in without credentials. {@value #SASL_SSL} (place 0): TLS, then SCRAM-SHA-512 or
     * PLAIN with one of the users. {@value #MUTUAL_TLS} (place 1): TLS with a client certificate the
     * test's CA signed; the brokers use it between them too. The controllers' listener is plaintext:
     * no client reaches it.
     *
     * @param users name and password of each user, for both mechanisms
     */
    record Secured(TestCertificates certificates, Map<String, String> users) implements KafkaListeners {

        public static final int SASL_SSL = 0;
        public static final int MUTUAL_TLS = 1;

        @Override
        public int count() {
            return 2;
        }

        @Override
        public String listeners(String host, List<Integer> ports) {
            return "SASL_SSL://" + host + ":" + ports.get(SASL_SSL) + ",SSL://" + host + ":" + ports.get(MUTUAL_TLS);
        }

        @Override
        public Map<String, String> brokerConfig() {
            Map<String, String> config = new HashMap<>();
            config.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,SSL:SSL,CONTROLLER:PLAINTEXT");
            config.put("inter.broker.listener.name", "SSL");
            config.putAll(stores(certificates.brokerKeyStore().toString()));
            config.put("listener.name.ssl.ssl.client.auth", "required");
            config.put("sasl.enabled.mechanisms", "SCRAM-SHA-512,PLAIN");
            // Clients authenticate again every few seconds, so that credentials taken away take effect.
            config.put("connections.max.reauth.ms", "5000");
            config.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            config.put("listener.name.sasl_ssl.plain.sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required "
                            + users.entrySet().stream().map(user -> "user_" + user.getKey() + "=\"" + user.getValue() + "\"")
                            .collect(Collectors.joining(" ")) + ";");
            return config;
        }

        @Override
        public List<String> formatArguments() {
            List<String> arguments = new ArrayList<>();
            users.forEach((name, password) -> {
                arguments.add("--add-scram");
                arguments.add("SCRAM-SHA-512=[name=" + name + ",password=" + password + "]");
            });
            return arguments;
        }

        @Override
        public int adminListener() {
            return MUTUAL_TLS;
        }

        @Override
        public Map<String, Object> adminClient() {
            Map<String, Object> config = new HashMap<>(stores(certificates.clientKeyStore().toString()));
            config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
            return config;
        }

        private Map<String, String> stores(String keyStore) {
            return Map.of(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PKCS12",
                    SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, keyStore,
                    SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, certificates.password(),
                    SslConfigs.SSL_KEY_PASSWORD_CONFIG, certificates.password(),
                    SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12",
                    SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, certificates.trustStore().toString(),
                    SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, certificates.password());
        }
    }

    /**
     * The {@link Secured} listeners, and beside them a {@value #PLAINTEXT} one (place 2) on the same
     * broker: for the benchmark, what TLS and SASL cost against the same broker without them.
     */
    record BesidePlaintext(Secured secured) implements KafkaListeners {

        public static final int PLAINTEXT = 2;

        @Override
        public int count() {
            return 3;
        }

        @Override
        public String listeners(String host, List<Integer> ports) {
            return secured.listeners(host, ports.subList(0, 2)) + ",PLAINTEXT://" + host + ":" + ports.get(PLAINTEXT);
        }

        @Override
        public Map<String, String> brokerConfig() {
            Map<String, String> config = new HashMap<>(secured.brokerConfig());
            config.put("listener.security.protocol.map", config.get("listener.security.protocol.map") + ",PLAINTEXT:PLAINTEXT");
            return config;
        }

        @Override
        public List<String> formatArguments() {
            return secured.formatArguments();
        }

        @Override
        public int adminListener() {
            return PLAINTEXT;
        }

        @Override
        public Map<String, Object> adminClient() {
            return Map.of();
        }
    }
}
