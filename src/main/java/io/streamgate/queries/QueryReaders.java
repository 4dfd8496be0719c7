package io.streamgate.queries;

import io.streamgate.queries.store.SqlAnalysis;
import org.springframework.stereotype.Component;

import java.util.List;

/** Which queries read a stream or table, as their SQL was analyzed: what a change to one would break. */
@Component
public class QueryReaders {

    private final QueryRegistry queries;

    QueryReaders(QueryRegistry queries) {
        this.queries = queries;
    }

    /** The queries whose SQL reads the relation of that name. */
    public List<String> of(String relation) {
        return queries.all().stream().filter(query -> reads(query, relation)).map(QueryOperator::name).toList();
    }

    /** Those of them that run, or are about to run again (a restart after a failure). */
    public List<String> activeOf(String relation) {
        return queries.all().stream().filter(query -> reads(query, relation) && active(query.status()))
                .map(QueryOperator::name).toList();
    }

    private static boolean active(QueryStatus status) {
        return status.state() == QueryState.RUNNING || status.restarts().nextRestartAt() != null;
    }

    private static boolean reads(QueryOperator query, String relation) {
        return query.store().read().analysis().map(SqlAnalysis::reads).filter(reads -> reads.contains(relation)).isPresent();
    }
}
