package io.streamgate.benchmark;

import io.streamgate.Producers;
import io.streamgate.pipeline.BenchmarkAccess;
import io.streamgate.pipeline.definition.Columns;
import io.streamgate.pipeline.sink.BatchPass;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * What a small micro-batch costs Spark by itself, the floor under the service's own: the default query's
 * parse and validation over records produced at a steady rate to a topic of their own, at the service's
 * 200 ms trigger, in the benchmark's JVM on the same broker, with a noop sink, with {@code foreachBatch}
 * reading each batch in one job that keeps nothing (as the service's sink reads it, {@link BatchPass#rows}),
 * and with Spark's file sink writing the archive's layout (what {@code writeStream.format("json")} does), on
 * the service's local file system. Spark's own
 * {@code durationMs} of every batch with data after a warm-up, from the query's progress.
 */
final class SparkAloneBatches {

    /** The medians of one sink's batches with data (ms), by Spark's name of each duration. */
    record Medians(String sink, Map<String, Double> durations, int batches) {

        double addBatch() {
            return durations.getOrDefault("addBatch", Double.NaN);
        }

        String shown() {
            return SHOWN.stream().filter(durations::containsKey)
                    .map(name -> String.format(Locale.ROOT, "%s %.0f", name, durations.get(name)))
                    .collect(Collectors.joining(" · ")) + " (" + batches + " batches)";
        }
    }

    private static final List<String> SHOWN = List.of("triggerExecution", "latestOffset", "queryPlanning",
            "walCommit", "addBatch", "commitOffsets");

    private SparkAloneBatches() {
    }

    static List<Medians> measure(String bootstrapServers, int rate, Duration warmUp, Duration window) throws Exception {
        String topic = "bench-small-batches";
        BenchmarkRun.createTopic(bootstrapServers, topic);
        SparkSession spark = BenchmarkAccess.localSparkSession();
        // The service's local file system: Hadoop's own forks chmod for every file it creates, which
        // would put a few hundred milliseconds of the file system into each of Spark's small batches.
        BenchmarkAccess.serviceLocalFileSystem(spark);
        try (KafkaProducer<String, String> producer = Producers.strings(bootstrapServers)) {
            Thread sender = new Thread(() -> steady(producer, topic, rate), "bench-small-batches");
            sender.setDaemon(true);
            sender.start();
            try {
                List<Medians> medians = new ArrayList<>();
                medians.add(run(spark, bootstrapServers, topic, "noop", warmUp, window));
                medians.add(run(spark, bootstrapServers, topic, "foreachBatch", warmUp, window));
                medians.add(run(spark, bootstrapServers, topic, "archive", warmUp, window));
                return medians;
            } finally {
                sender.interrupt();
            }
        } finally {
            spark.stop();
        }
    }

    private static Medians run(SparkSession spark, String bootstrapServers, String topic, String sink,
                               Duration warmUp, Duration window) throws Exception {
        Dataset<Row> kafka = spark.readStream().format("kafka")
                .option("kafka.bootstrap.servers", bootstrapServers)
                .option("subscribe", topic)
                .option("startingOffsets", "latest")
                .option("includeHeaders", true)
                .load();
        Path checkpoint = Files.createTempDirectory("bench-small-checkpoint");
        Path archive = Files.createTempDirectory("bench-small-archive");
        spark.conf().set("spark.sql.streaming.noDataMicroBatches.enabled", "false");
        DataStreamWriter<Row> writer = switch (sink) {
            case "noop" -> BenchmarkAccess.transformed(kafka, BenchmarkRun.RECORD_SCHEMA).writeStream().format("noop");
            case "foreachBatch" -> BenchmarkAccess.transformed(kafka, BenchmarkRun.RECORD_SCHEMA).writeStream()
                    .foreachBatch((VoidFunction2<Dataset<Row>, Long>) (batch, id) -> BatchPass.rows(batch)
                            .toJavaRDD().foreachPartition(rows -> rows.forEachRemaining(row -> { })));
            default -> BenchmarkAccess.archived(kafka, BenchmarkRun.RECORD_SCHEMA, 2).writeStream().format("json").partitionBy(Columns.DATE)
                    .option("ignoreNullFields", "false").option("path", archive.toString());
        };
        StreamingQuery query = writer
                .option("checkpointLocation", checkpoint.toString())
                .trigger(Trigger.ProcessingTime(200))
                .start();
        try {
            Thread.sleep(warmUp.toMillis());
            long after = query.lastProgress() == null ? -1 : query.lastProgress().batchId();
            Thread.sleep(window.toMillis());
            Map<String, List<Double>> durations = new TreeMap<>();
            int batches = 0;
            for (StreamingQueryProgress progress : query.recentProgress()) {
                if (progress.batchId() > after && progress.numInputRows() > 0) {
                    batches++;
                    progress.durationMs().forEach((name, ms) -> durations.computeIfAbsent(name, n -> new ArrayList<>())
                            .add(ms.doubleValue()));
                }
            }
            Map<String, Double> medians = new TreeMap<>();
            durations.forEach((name, values) -> medians.put(name, Stats.median(values)));
            return new Medians(sink, medians, batches);
        } finally {
            query.stop();
            BenchmarkRun.deleteRecursively(checkpoint);
            BenchmarkRun.deleteRecursively(archive);
        }
    }

    private static void steady(KafkaProducer<String, String> producer, String topic, int rate) {
        long interval = 1_000_000_000L / rate;
        long next = System.nanoTime();
        for (long i = 0; !Thread.currentThread().isInterrupted(); i++) {
            producer.send(new ProducerRecord<>(topic, "k" + i % 1000,
                    "{\"id\": " + i + ", \"name\": \"small\", \"amount\": " + (i % 100) + ".5}"));
            next += interval;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
