package io.streamgate.pipeline.sink;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.streamgate.pipeline.definition.Columns.PROCESSED_AT;

/** Each micro-batch's newest rows on stdout, stamped with the batch's delivery time, as Spark's console sink prints them. */
public final class ConsolePrinter {

    private static final int TRUNCATE = 60;

    private final int rows;

    public ConsolePrinter(int rows) {
        this.rows = rows;
    }

    int rows() {
        return rows;
    }

    /** @param oldestFirst the batch's rows; its newest {@link #rows} are printed, newest first */
    void print(List<Row> oldestFirst, long batchId, Instant processedAt) {
        if (oldestFirst.isEmpty()) {
            return;
        }
        StructType schema = oldestFirst.get(0).schema().add(PROCESSED_AT, DataTypes.TimestampType);
        List<Row> stamped = new ArrayList<>(rows);
        for (int i = oldestFirst.size() - 1; i >= Math.max(0, oldestFirst.size() - rows); i--) {
            Row row = oldestFirst.get(i);
            Object[] values = new Object[row.size() + 1];
            for (int c = 0; c < row.size(); c++) {
                values[c] = row.get(c);
            }
            values[row.size()] = Timestamp.from(processedAt);
            stamped.add(RowFactory.create(values));
        }
        // One write, so that log lines from other threads do not cut through the table.
        System.out.print("-------------------------------------------\n"
                + "Batch: " + batchId + " (newest first)\n"
                + "-------------------------------------------\n"
                + ConsoleTable.format(schema, stamped, TRUNCATE));
    }
}
