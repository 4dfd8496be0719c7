package io.streamgate.queries.store;

import io.streamgate.pipeline.definition.Columns;
import io.streamgate.pipeline.sql.CheckedSql;

import java.util.List;

/**
 * What a user query's SQL was analyzed to when it was defined, kept with its definition: the output
 * columns it shows, what Spark keeps in its state store (a replacement that changes it cannot resume
 * from the checkpoint), and the streams and tables it reads (absent in files written before there were
 * any: {@code events} alone).
 */
public record SqlAnalysis(List<CheckedSql.Column> columns, List<String> stateSignature, List<String> reads) {

    public SqlAnalysis {
        reads = reads == null ? List.of(Columns.EVENTS_VIEW) : List.copyOf(reads);
    }

    public static SqlAnalysis of(CheckedSql checked) {
        return new SqlAnalysis(checked.columns(), checked.stateSignature(), checked.reads());
    }
}
