package io.streamgate.queries;

import io.streamgate.pipeline.definition.InvalidQueryException;
import io.streamgate.pipeline.definition.PipelineProperties;
import io.streamgate.pipeline.definition.QueryDefinition;
import io.streamgate.pipeline.definition.Select;

import java.util.Optional;

/**
 * Where a query's definition comes from: the service's settings, with a start's options on top (the
 * default query), or a request that defined it and the store that keeps it (a user's query).
 */
sealed interface DefinedBy {

    /**
     * The definition a start runs.
     *
     * @param saved what the store has
     * @throws InvalidQueryException for options this query cannot take at a start
     */
    QueryDefinition toStart(String name, Optional<QueryDefinition> saved, StartQueryRequest options);

    /** The definition a resume runs: where it stopped, as it was started. */
    QueryDefinition toResume(QueryDefinition saved);

    /** The definition a query shows: the one it runs, or the one that defines it. */
    Optional<QueryDefinition> shown(Optional<QueryDefinition> saved, Optional<QueryDefinition> running);

    /** The default query: the built-in select over the service's topic, with the configured sinks. */
    record Settings(PipelineProperties settings, String topic) implements DefinedBy {

        @Override
        public QueryDefinition toStart(String name, Optional<QueryDefinition> saved, StartQueryRequest options) {
            return settings.definition(topic, options.startingOffsets(), options.trigger(), options.schema(),
                    options.mode(), new Select.BuiltIn(), settings.builtInSinks());
        }

        /**
         * The last start's options, with the sinks the settings say now: a service restarted with the archive
         * or the console switched off resumes without it, as a Spring Boot user expects of a changed setting.
         */
        @Override
        public QueryDefinition toResume(QueryDefinition saved) {
            return saved.withSinks(settings.builtInSinks());
        }

        /** Defined by each start: the one it runs, or the one it last ran. */
        @Override
        public Optional<QueryDefinition> shown(Optional<QueryDefinition> saved, Optional<QueryDefinition> running) {
            return running.or(() -> saved);
        }
    }

    /** A user's query, as {@code PUT /queries/{name}} defined it; a start may only say where to begin. */
    record Request() implements DefinedBy {

        @Override
        public QueryDefinition toStart(String name, Optional<QueryDefinition> saved, StartQueryRequest options) {
            if (options.trigger() != null || options.schema() != null || options.mode() != null) {
                throw new InvalidQueryException("A user query starts as it is defined; only startingOffsets may be "
                        + "given here. Change trigger, schema or mode with PUT /queries/" + name);
            }
            QueryDefinition definition = saved.orElseThrow(() -> new QueryNotFoundException(name));
            return options.startingOffsets() == null ? definition : definition.withStartingOffsets(options.startingOffsets());
        }

        @Override
        public QueryDefinition toResume(QueryDefinition saved) {
            return saved;
        }

        @Override
        public Optional<QueryDefinition> shown(Optional<QueryDefinition> saved, Optional<QueryDefinition> running) {
            return saved.or(() -> running);
        }
    }
}
