package io.streamgate.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority of the test's own, and key stores signed by it, made with the JDK's keytool:
 * the broker's (for 127.0.0.1 and localhost) and a client's, each a PKCS12 file with the CA's
 * certificate beside its own, and a trust store that holds the CA's certificate only.
 *
 * @param password the password of every store and key
 */
public record TestCertificates(Path dir, String password) {

    public static TestCertificates make(Path dir, String password) {
        TestCertificates certificates = new TestCertificates(dir, password);
        certificates.makeAll();
        return certificates;
    }

    public Path trustStore() {
        return dir.resolve("truststore.p12");
    }

    public Path brokerKeyStore() {
        return dir.resolve("broker.p12");
    }

    public Path clientKeyStore() {
        return dir.resolve("client.p12");
    }

    private void makeAll() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path ca = dir.resolve("ca.p12");
        Path caCertificate = dir.resolve("ca.pem");
        keytool("-genkeypair", "-keystore", ca.toString(), "-alias", "ca", "-dname", "CN=streamgate test CA",
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-ext", "bc:c");
        keytool("-exportcert", "-keystore", ca.toString(), "-alias", "ca", "-rfc", "-file", caCertificate.toString());
        keytool("-importcert", "-keystore", trustStore().toString(), "-alias", "ca", "-file", caCertificate.toString(),
                "-noprompt");
        signed(ca, caCertificate, brokerKeyStore(), "broker", "CN=localhost", "SAN=ip:127.0.0.1,dns:localhost");
        signed(ca, caCertificate, clientKeyStore(), "client", "CN=streamgate", null);
    }

    private void signed(Path ca, Path caCertificate, Path store, String alias, String name, String extension) {
        Path request = dir.resolve(alias + ".csr");
        Path certificate = dir.resolve(alias + ".pem");
        keytool("-genkeypair", "-keystore", store.toString(), "-alias", alias, "-dname", name,
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2");
        keytool("-certreq", "-keystore", store.toString(), "-alias", alias, "-file", request.toString());
        List<String> sign = new ArrayList<>(List.of("-gencert", "-keystore", ca.toString(), "-alias", "ca",
                "-infile", request.toString(), "-outfile", certificate.toString(), "-rfc", "-validity", "2"));
        if (extension != null) {
            sign.addAll(List.of("-ext", extension));
        }
        keytool(sign.toArray(String[]::new));
        keytool("-importcert", "-keystore", store.toString(), "-alias", "ca", "-file", caCertificate.toString(), "-noprompt");
        keytool("-importcert", "-keystore", store.toString(), "-alias", alias, "-file", certificate.toString());
    }

    private void keytool(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", password));
        if (List.of(arguments).contains("-genkeypair")) {
            command.addAll(List.of("-keypass", password));
        }
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + arguments[0] + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
