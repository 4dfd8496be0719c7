package io.streamgate.kafka;

import io.streamgate.JavaProcess;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Real KRaft brokers, each in its own JVM started from Kafka's jars like {@code kafka-server-start.sh},
 * each broker and controller at once (a quorum of all of them), formatted with one cluster id. One node
 * is the "external cluster" of the Compose setup; three are a production-shaped cluster. A test can kill
 * a node and start it again.
 */
public final class KafkaCluster implements AutoCloseable {

    private static final String HOST = "127.0.0.1";

    private final List<KafkaNode> nodes;
    private final KafkaListeners listeners;

    private KafkaCluster(List<KafkaNode> nodes, KafkaListeners listeners) {
        this.nodes = nodes;
        this.listeners = listeners;
    }

    /** Formats (the first time) and starts {@code size} nodes in folders below {@code dir}; waits until all answer. */
    public static KafkaCluster start(Path dir, int size) {
        return start(dir, size, new KafkaListeners.Plaintext());
    }

    /** As {@link #start(Path, int)}, with client listeners that need what {@code listeners} says. */
    public static KafkaCluster start(Path dir, int size, KafkaListeners listeners) {
        List<KafkaNode> nodes = new ArrayList<>();
        for (int id = 1; id <= size; id++) {
            nodes.add(new KafkaNode(id, dir.toAbsolutePath().resolve("node-" + id), listeners.ports(HOST),
                    EmbeddedKafkaBroker.freePort(HOST)));
        }
        String voters = nodes.stream().map(node -> node.id + "@" + HOST + ":" + node.controllerPort)
                .collect(Collectors.joining(","));
        String clusterId = Uuid.randomUuid().toString();
        KafkaCluster cluster = new KafkaCluster(nodes, listeners);
        nodes.forEach(node -> node.format(voters, size, clusterId, listeners));
        nodes.forEach(KafkaNode::start);
        cluster.awaitNodes(size, Duration.ofSeconds(90));
        return cluster;
    }

    /** The addresses of the first client listener of every node. */
    public String bootstrapServers() {
        return bootstrapServers(0);
    }

    /** The addresses of one of the client listeners {@link KafkaListeners} names, by its place. */
    public String bootstrapServers(int listener) {
        return nodes.stream().map(node -> HOST + ":" + node.ports.get(listener)).collect(Collectors.joining(","));
    }

    /** @param id 1 to the cluster's size */
    public KafkaNode node(int id) {
        return nodes.get(id - 1);
    }

    /** The node that leads the partition now. */
    public KafkaNode leaderOf(String topic, int partition) {
        TopicPartitionInfo info = describe(topic).partitions().get(partition);
        return node(info.leader().id());
    }

    public TopicDescription describe(String topic) {
        try (AdminClient admin = admin()) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot describe " + topic, e);
        }
    }

    /** An admin client of the test's, with the credentials the listeners' own clients use. */
    public AdminClient admin() {
        Map<String, Object> config = new HashMap<>(listeners.adminClient());
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(listeners.adminListener()));
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        return AdminClient.create(config);
    }

    @Override
    public void close() {
        nodes.forEach(KafkaNode::close);
    }

    private void awaitNodes(int expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (AdminClient admin = admin()) {
            while (System.nanoTime() < deadline) {
                for (KafkaNode node : nodes) {
                    node.requireAlive();
                }
                try {
                    List<Node> registered = new ArrayList<>(admin.describeCluster().nodes().get(3, TimeUnit.SECONDS));
                    if (registered.size() == expected) {
                        return;
                    }
                } catch (Exception notYet) {
                    // not yet
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("The Kafka cluster did not answer with " + expected + " nodes within " + timeout
                + "; see the broker.log files below " + nodes.get(0).dir.getParent());
    }

    /** One broker-and-controller process. */
    public static final class KafkaNode {

        private final int id;
        private final Path dir;
        private final List<Integer> ports;
        private final int controllerPort;
        private JavaProcess process;

        private KafkaNode(int id, Path dir, List<Integer> ports, int controllerPort) {
            this.id = id;
            this.dir = dir;
            this.ports = ports;
            this.controllerPort = controllerPort;
        }

        public int id() {
            return id;
        }

        public String address() {
            return HOST + ":" + ports.get(0);
        }

        /** Starts the node's JVM on its folder, as after a crash; returns without waiting. */
        public void start() {
            process = JavaProcess.start(List.of(), List.of("-Xmx384m", "-cp", System.getProperty("java.class.path"),
                    "kafka.Kafka", dir.resolve("server.properties").toString()), Map.of(), dir.resolve("broker.log"));
        }

        /** SIGKILL: the broker vanishes without a clean shutdown, as in a crash or a pulled cable. */
        public void kill() {
            process.kill();
        }

        void close() {
            if (process != null) {
                process.close();
            }
        }

        void requireAlive() {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka node " + id + " exited; see " + process.log());
            }
        }

        /** What {@code kafka-storage.sh format} does, once: a formatted folder keeps its cluster id. */
        private void format(String voters, int clusterSize, String clusterId, KafkaListeners listeners) {
            Path logDir = dir.resolve("logs");
            Properties config = new Properties();
            config.setProperty("process.roles", "broker,controller");
            config.setProperty("node.id", String.valueOf(id));
            config.setProperty("controller.quorum.voters", voters);
            String clients = listeners.listeners(HOST, ports);
            config.setProperty("listeners", clients + ",CONTROLLER://" + HOST + ":" + controllerPort);
            config.setProperty("advertised.listeners", clients);
            config.setProperty("controller.listener.names", "CONTROLLER");
            listeners.brokerConfig().forEach(config::setProperty);
            config.setProperty("log.dirs", logDir.toString());
            config.setProperty("num.partitions", "1");
            String internalReplicas = String.valueOf(Math.min(3, clusterSize));
            String internalMinIsr = String.valueOf(Math.min(2, clusterSize));
            config.setProperty("offsets.topic.replication.factor", internalReplicas);
            config.setProperty("transaction.state.log.replication.factor", internalReplicas);
            config.setProperty("transaction.state.log.min.isr", internalMinIsr);
            config.setProperty("share.coordinator.state.topic.replication.factor", internalReplicas);
            config.setProperty("share.coordinator.state.topic.min.isr", internalMinIsr);
            config.setProperty("group.initial.rebalance.delay.ms", "0");
            try {
                Files.createDirectories(dir);
                Path file = dir.resolve("server.properties");
                try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                    config.store(out, "Kafka node " + id + " of a test cluster");
                }
                if (Files.exists(logDir.resolve("meta.properties"))) {
                    return;
                }
                ByteArrayOutputStream output = new ByteArrayOutputStream();
                List<String> arguments = new ArrayList<>(List.of("format", "--config", file.toString(),
                        "--cluster-id", clusterId, "--ignore-formatted"));
                arguments.addAll(listeners.formatArguments());
                int exitCode = StorageTool.execute(arguments.toArray(String[]::new),
                        new PrintStream(output, true, StandardCharsets.UTF_8));
                if (exitCode != 0) {
                    throw new IllegalStateException("Formatting Kafka node " + id + " failed: " + output);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
