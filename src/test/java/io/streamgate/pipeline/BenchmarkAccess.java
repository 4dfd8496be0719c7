package io.streamgate.pipeline;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Lets the benchmark run the pipeline's own transformation outside the service. */
public final class BenchmarkAccess {

    private BenchmarkAccess() {
    }

    /** @param kafkaRecords rows as Spark's Kafka source gives them */
    public static Dataset<Row> transformed(Dataset<Row> kafkaRecords, String schemaDdl) {
        return StreamingPipeline.transform(kafkaRecords, RecordSchema.parse(schemaDdl));
    }
}
