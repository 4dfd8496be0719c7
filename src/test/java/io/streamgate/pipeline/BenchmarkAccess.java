package io.streamgate.pipeline;

import io.streamgate.pipeline.definition.RecordSchema;
import io.streamgate.pipeline.transform.RecordTransform;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Lets the benchmark run the pipeline's own transformation outside the service. */
public final class BenchmarkAccess {

    private BenchmarkAccess() {
    }

    /** A local SparkSession on every core, with the settings the transformation relies on. */
    public static SparkSession localSparkSession() {
        return LocalSpark.start("benchmark", "local[*]", 2);
    }

    /** @param kafkaRecords rows as Spark's Kafka source gives them */
    public static Dataset<Row> transformed(Dataset<Row> kafkaRecords, String schemaDdl) {
        return RecordTransform.builtIn(kafkaRecords, RecordSchema.parse(schemaDdl));
    }
}
