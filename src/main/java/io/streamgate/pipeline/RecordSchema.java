package io.streamgate.pipeline;

import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.Objects;

/** The expected shape of a record value, declared once as a Spark DDL string. */
public record RecordSchema(String ddl, StructType struct) {

    /** @throws InvalidQueryException when the DDL does not parse or declares no field */
    public static RecordSchema parse(String ddl) {
        StructType struct;
        try {
            struct = StructType.fromDDL(ddl);
        } catch (Exception e) { // Spark's ParseException is checked, though Scala throws it unannounced
            throw new InvalidQueryException("The schema is not a valid Spark DDL string (e.g. "
                    + "'id BIGINT NOT NULL, name STRING'): " + ErrorText.firstLine(Objects.requireNonNullElse(e.getMessage(), "")), e);
        }
        if (struct.fields().length == 0) {
            throw new InvalidQueryException("The schema declares no field");
        }
        return new RecordSchema(ddl, struct);
    }

    StructField[] fields() {
        return struct.fields();
    }
}
