package io.streamgate.kafka;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.springframework.boot.ssl.SslBundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A Kafka client's connection settings as strings, with its key and trust stores as their PEM text
 * (Kafka's {@code ssl.keystore.type=PEM}, an unencrypted PKCS#8 key): what can travel in Spark's options
 * to an executor on any worker. The stores come from files ({@code spring.kafka.ssl.key-store-location},
 * …) or from the SSL bundle Spring Boot hands the clients ({@code spring.kafka.ssl.bundle}).
 */
final class PemStores {

    /** The key under which Spring Boot hands a client its SSL bundle, beside its engine factory. */
    private static final String BUNDLE = SslBundle.class.getName();
    private static final String PEM = "PEM";

    private PemStores() {
    }

    static Map<String, String> connection(Map<String, Object> client) {
        Map<String, String> options = new TreeMap<>();
        client.forEach((key, value) -> {
            if (value != null && isConnection(key)) {
                options.put(key, text(value));
            }
        });
        if (client.get(BUNDLE) instanceof SslBundle bundle) {
            options.remove(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG);
            String keyPassword = bundle.getKey().getPassword() != null ? bundle.getKey().getPassword()
                    : bundle.getStores().getKeyStorePassword();
            keyStore(options, bundle.getStores().getKeyStore(), bundle.getKey().getAlias(), keyPassword);
            trustStore(options, bundle.getStores().getTrustStore());
        } else {
            String keyStorePassword = options.get(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG);
            String keyPassword = options.getOrDefault(SslConfigs.SSL_KEY_PASSWORD_CONFIG, keyStorePassword);
            keyStore(options, load(options, SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG,
                    keyStorePassword), null, keyPassword);
            trustStore(options, load(options, SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG,
                    SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, options.get(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG)));
        }
        return Collections.unmodifiableMap(options);
    }

    private static boolean isConnection(String key) {
        return key.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)
                || key.equals(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG)
                || key.equals(CommonClientConfigs.CLIENT_DNS_LOOKUP_CONFIG)
                || key.startsWith("ssl.") || key.startsWith("sasl.");
    }

    private static String text(Object value) {
        if (value instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        if (value instanceof Class<?> type) {
            return type.getName();
        }
        if (value instanceof Password password) {
            return password.value();
        }
        return String.valueOf(value);
    }

    /** A store named by a file of a type Java reads (JKS, PKCS12); null when there is none, or it is PEM already. */
    private static KeyStore load(Map<String, String> options, String typeKey, String locationKey, String password) {
        String location = options.get(locationKey);
        String type = options.getOrDefault(typeKey, KeyStore.getDefaultType());
        if (location == null || PEM.equalsIgnoreCase(type)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password == null ? null : password.toCharArray());
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the Kafka store " + location + " (" + locationKey + ")", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the Kafka store " + location + " (" + locationKey + "): "
                    + e.getMessage(), e);
        }
    }

    private static void keyStore(Map<String, String> options, KeyStore store, String alias, String password) {
        if (store == null) {
            return;
        }
        try {
            String entry = alias != null ? alias : Collections.list(store.aliases()).stream()
                    .filter(name -> isKeyEntry(store, name)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("The Kafka key store holds no private key"));
            Key key = store.getKey(entry, password == null ? new char[0] : password.toCharArray());
            Certificate[] chain = store.getCertificateChain(entry);
            options.remove(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG);
            options.remove(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG);
            options.remove(SslConfigs.SSL_KEY_PASSWORD_CONFIG);
            options.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, PEM);
            options.put(SslConfigs.SSL_KEYSTORE_KEY_CONFIG, pem("PRIVATE KEY", key.getEncoded()));
            StringBuilder certificates = new StringBuilder();
            for (Certificate certificate : chain) {
                certificates.append(pem("CERTIFICATE", certificate.getEncoded()));
            }
            options.put(SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG, certificates.toString());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the key of the Kafka key store: " + e.getMessage(), e);
        }
    }

    private static void trustStore(Map<String, String> options, KeyStore store) {
        if (store == null) {
            return;
        }
        try {
            StringBuilder certificates = new StringBuilder();
            for (String alias : Collections.list(store.aliases())) {
                if (store.isCertificateEntry(alias)) {
                    certificates.append(pem("CERTIFICATE", store.getCertificate(alias).getEncoded()));
                }
            }
            options.remove(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG);
            options.remove(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG);
            options.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, PEM);
            options.put(SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG, certificates.toString());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the Kafka trust store: " + e.getMessage(), e);
        }
    }

    private static boolean isKeyEntry(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
