package io.streamgate.pipeline;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.Map;

/** Lets the benchmark run the pipeline's own transformation outside the service. */
public final class BenchmarkAccess {

    private BenchmarkAccess() {
    }

    /** Settings the transformation relies on, to be given to the SparkSession that runs it. */
    public static Map<String, String> sessionConfig() {
        return SchemaValidation.SESSION_CONFIG;
    }

    /** @param kafkaRecords rows as Spark's Kafka source gives them */
    public static Dataset<Row> transformed(Dataset<Row> kafkaRecords, String schemaDdl) {
        return StreamingPipeline.transform(kafkaRecords, RecordSchema.parse(schemaDdl));
    }
}
