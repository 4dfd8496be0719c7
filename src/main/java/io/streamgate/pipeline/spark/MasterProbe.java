package io.streamgate.pipeline.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A standalone master that does not answer would hold a session's start for a minute (Spark's client
 * retries its registration three times, 20 s each); a closed port is known at once, an unreachable
 * host within the probe's timeout.
 */
final class MasterProbe {

    private static final int TIMEOUT_MS = 2000;
    private static final String STANDALONE = "spark://";

    private MasterProbe() {
    }

    /**
     * @param master Spark's master URL; only a standalone one ({@code spark://host:port[,host:port]}) is probed
     * @throws SparkUnavailableException when no master of the list accepts a connection
     */
    static void requireReachable(String master) {
        if (!master.startsWith(STANDALONE)) {
            return;
        }
        StringBuilder reasons = new StringBuilder();
        for (String hostPort : master.substring(STANDALONE.length()).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            int port = colon < 0 ? 7077 : Integer.parseInt(hostPort.substring(colon + 1));
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
                return;
            } catch (IOException e) {
                reasons.append(reasons.isEmpty() ? "" : "; ").append(hostPort).append(": ").append(e.getMessage());
            }
        }
        throw new SparkUnavailableException("Cannot reach the Spark master (" + reasons + ")");
    }
}
