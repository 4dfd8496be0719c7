package io.streamgate.queries.store;

import io.streamgate.pipeline.sql.CheckedSql;

import java.util.List;

/**
 * What a user query's SQL was analyzed to when it was defined, kept with its definition: the output
 * columns it shows, and what Spark keeps in its state store (a replacement that changes it cannot
 * resume from the checkpoint).
 */
public record SqlAnalysis(List<CheckedSql.Column> columns, List<String> stateSignature) {

    public static SqlAnalysis of(CheckedSql checked) {
        return new SqlAnalysis(checked.columns(), checked.stateSignature());
    }
}
