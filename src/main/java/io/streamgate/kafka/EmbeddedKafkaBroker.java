package io.streamgate.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one process), run from
 * Kafka's own server classes so that it behaves exactly like {@code kafka-server-start.sh}: Kafka's
 * CLI tools, Spark's Kafka source and any client can talk to it.
 *
 * <p>The data folder is formatted once, like {@code kafka-storage.sh format}, and reused on later
 * starts, so topics and records survive a restart of the app.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int NODE_ID = 1;
    private static final int FIRST_PICKED_PORT = 10_000;
    private static final int EPHEMERAL_PORTS_BEGIN = 32_768;
    /**
     * The log cleaner's map of a compacted topic's keys, one pass's worth, made on the heap when the broker
     * starts: Kafka's 128 MiB was half the service's live heap. 8 MiB holds some 300,000 keys a pass (24
     * bytes each, 90% full); a table with more is compacted in more passes. Kafka's own test clusters use 2 MiB.
     */
    static final int CLEANER_KEY_MAP_BYTES = 8 * 1024 * 1024;

    private final String host;
    private final int port;
    private final Path dataDir;
    private final CompletableFuture<KafkaRaftServer> server;

    private EmbeddedKafkaBroker(String host, int port, Path dataDir, CompletableFuture<KafkaRaftServer> server) {
        this.host = host;
        this.port = port;
        this.dataDir = dataDir;
        this.server = server;
    }

    /** Starts the broker and returns once it listens. */
    public static EmbeddedKafkaBroker start(EmbeddedBrokerProperties properties) {
        return begin(properties, Runnable::run).awaitStarted();
    }

    /**
     * Begins starting the broker with the executor and returns at once: its address is known before it
     * listens, so the app's other beans (and the SparkSession) are made meanwhile, and clients that
     * connect early retry until it does.
     */
    public static EmbeddedKafkaBroker begin(EmbeddedBrokerProperties properties, Executor executor) {
        String host = properties.host();
        int port = properties.port() == 0 ? freePort(host) : properties.port();
        int controllerPort = properties.controllerPort() == 0 ? freePort(host) : properties.controllerPort();
        Path dataDir = properties.dataDir().toAbsolutePath().normalize();
        CompletableFuture<KafkaRaftServer> server = CompletableFuture.supplyAsync(() -> {
            Properties config = prepareStorage(host, port, controllerPort, dataDir);
            KafkaRaftServer started = new KafkaRaftServer(KafkaConfig.fromProps(config), Time.SYSTEM);
            started.startup();
            log.info("Embedded Kafka broker (KRaft) listening on {}:{}, data in {}", host, port, dataDir);
            return started;
        }, executor);
        return new EmbeddedKafkaBroker(host, port, dataDir, server);
    }

    /**
     * Waits until the broker listens.
     *
     * @throws IllegalStateException when it could not start
     */
    public EmbeddedKafkaBroker awaitStarted() {
        try {
            server.join();
            return this;
        } catch (CompletionException e) {
            throw new IllegalStateException("The embedded Kafka broker did not start on " + bootstrapServers(),
                    e.getCause());
        }
    }

    public String bootstrapServers() {
        return host + ":" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Waits for a start under way to end first: a broker stopped while starting would leave its threads behind. */
    @Override
    public void close() {
        KafkaRaftServer started;
        try {
            started = server.join();
        } catch (CompletionException notStarted) {
            return;
        }
        log.info("Stopping embedded Kafka broker on {}", bootstrapServers());
        started.shutdown();
        started.awaitShutdown();
    }

    /**
     * Writes {@code server.properties} into the folder and formats the storage if it is new: what
     * {@code kafka-server-start.sh} needs, whether the broker then runs in this JVM or another.
     */
    public static Properties prepareStorage(String host, int port, int controllerPort, Path dataDir) {
        Path logDir = dataDir.resolve("logs");
        Properties config = serverProperties(host, port, controllerPort, logDir);
        formatOnce(writeServerProperties(dataDir, config), logDir);
        return config;
    }

    private static Properties serverProperties(String host, int port, int controllerPort, Path logDir) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", String.valueOf(NODE_ID));
        p.setProperty("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", logDir.toString());
        p.setProperty("num.partitions", "1");
        // One node: every internal topic must live with a single replica.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("log.cleaner.dedupe.buffer.size", String.valueOf(CLEANER_KEY_MAP_BYTES));
        // Started again after a crash, the node's controller gives its broker's old registration a fresh
        // session and refuses the new one until that session ends: 9 s by default, 2 s here, with
        // heartbeats every 400 ms (the broker and its controller share one JVM, and a missed session
        // only fences the broker until its next heartbeat).
        p.setProperty("broker.session.timeout.ms", "2000");
        p.setProperty("broker.heartbeat.interval.ms", "400");
        return p;
    }

    private static Path writeServerProperties(Path dataDir, Properties config) {
        try {
            Files.createDirectories(dataDir);
            Path file = dataDir.resolve("server.properties");
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                config.store(out, "Written by streamgate for its embedded broker; rewritten at every start");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the embedded broker's configuration in " + dataDir, e);
        }
    }

    /** Same as {@code kafka-storage.sh format --ignore-formatted}: a formatted folder keeps its cluster id. */
    private static void formatOnce(Path configFile, Path logDir) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        String[] args = {"format", "--config", configFile.toString(),
                "--cluster-id", Uuid.randomUuid().toString(), "--ignore-formatted"};
        int exitCode = StorageTool.execute(args, new PrintStream(output, true, StandardCharsets.UTF_8));
        if (exitCode != 0) {
            throw new IllegalStateException("Formatting the embedded broker's storage failed: "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }

    /**
     * A port free now, picked below the ephemeral ports (32768 and up by Linux's default, 49152 and up on
     * others): a port the kernel handed to a bind to port 0 may be handed again, once closed, to any socket
     * opened before its taker binds it (an outgoing connection, or Spark's RPC server starting beside the
     * broker), and the taker then fails to start. Below them only another explicit choice can take it.
     */
    public static int freePort(String host) {
        IOException lastRefusal = null;
        for (int tries = 0; tries < 200; tries++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST_PICKED_PORT, EPHEMERAL_PORTS_BEGIN);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(host))) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                lastRefusal = taken;
            }
        }
        throw new UncheckedIOException("No free port on " + host + " between " + FIRST_PICKED_PORT + " and "
                + EPHEMERAL_PORTS_BEGIN, lastRefusal);
    }
}
