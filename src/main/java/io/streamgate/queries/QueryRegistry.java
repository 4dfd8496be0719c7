package io.streamgate.queries;

import io.streamgate.kafka.KafkaTopicProperties;
import io.streamgate.kafka.Topics;
import io.streamgate.pipeline.CheckedSql;
import io.streamgate.pipeline.InvalidQueryException;
import io.streamgate.pipeline.OutputMode;
import io.streamgate.pipeline.PipelineProperties;
import io.streamgate.pipeline.QueryDefinition;
import io.streamgate.pipeline.QueryPlan;
import io.streamgate.pipeline.QueryPlanner;
import io.streamgate.pipeline.ResultTables;
import io.streamgate.pipeline.Select;
import io.streamgate.pipeline.SparkConnection;
import io.streamgate.pipeline.Storage;
import io.streamgate.pipeline.StreamingPipeline;
import io.streamgate.pipeline.TooManyQueriesException;
import io.streamgate.queries.QueryStore.SavedQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;

/**
 * Every query by name: the default one, run from the service's settings, and the users' SQL queries,
 * each stored in its folder under the checkpoint dir and loaded from there at startup. Creates,
 * replaces, starts and deletes them, under one lock, so that the limit on running queries holds
 * between racing requests; each query's own commands are sequenced by its {@link QueryOperator}.
 */
@Service
public class QueryRegistry {

    private static final Logger log = LoggerFactory.getLogger(QueryRegistry.class);
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,63}");
    /** Path segments of the default query's endpoints: {@code /queries/start} is not a query. */
    private static final Set<String> RESERVED = Set.of("start", "stop", "status", "results");

    private final QueryPlanner planner;
    private final StreamingPipeline pipeline;
    private final SparkConnection spark;
    private final Storage storage;
    private final PipelineProperties settings;
    private final QueriesProperties limits;
    private final JsonMapper json;
    private final Topics topics;
    private final ResultTables results;
    private final ApplicationEventPublisher events;
    private final String defaultTopic;
    private final QueryOperator defaultQuery;
    private final Map<String, QueryOperator> userQueries = new ConcurrentSkipListMap<>();
    private final Object registry = new Object();

    QueryRegistry(QueryPlanner planner, StreamingPipeline pipeline, SparkConnection spark, Storage storage,
                  PipelineProperties settings, QueriesProperties limits, JsonMapper json, Topics topics,
                  ResultTables results, KafkaTopicProperties topic, ApplicationEventPublisher events) {
        this.planner = planner;
        this.pipeline = pipeline;
        this.spark = spark;
        this.storage = storage;
        this.settings = settings;
        this.limits = limits;
        this.json = json;
        this.topics = topics;
        this.results = results;
        this.events = events;
        this.defaultTopic = topic.name();
        this.defaultQuery = operator(settings.queryName());
        for (String name : storage.folders(planner.checkpointDir())) {
            if (name.equals(settings.queryName()) || !NAME.matcher(name).matches()) {
                continue;
            }
            QueryOperator query = operator(name);
            try {
                if (query.store().exists() && query.store().read().analysis().isPresent()) {
                    userQueries.put(name, query);
                }
            } catch (RuntimeException e) {
                log.warn("Not loading query {}: cannot read its store ({})", name, e.getMessage());
            }
        }
    }

    /** The default query, run by {@code /queries/start} with a request's options on top of the settings. */
    QueryStatus startDefault(StartQueryRequest request) {
        StartQueryRequest options = request == null ? StartQueryRequest.DEFAULTS : request;
        QueryDefinition definition = QueryDefinition.of(settings, defaultTopic, options.startingOffsets(),
                options.trigger(), options.schema(), options.mode());
        synchronized (registry) {
            requireRoomFor(defaultQuery);
            return defaultQuery.start(definition, options.startingOffsets() != null);
        }
    }

    QueryStatus stop(String name) {
        return find(name).stop();
    }

    /** @throws QueryNotFoundException when no query has the name */
    public QueryStatus status(String name) {
        return find(name).status();
    }

    /** Every query's name, the default one first. */
    public List<String> names() {
        return all().stream().map(QueryOperator::name).toList();
    }

    /** The name of the query one of whose runs had that Spark run id. */
    public Optional<String> nameOfRun(String runId) {
        return ofRun(runId).map(QueryOperator::name);
    }

    /** The topics users' queries write their rows to. */
    public Set<String> outputTopics() {
        Set<String> topics = new java.util.TreeSet<>();
        for (QueryOperator query : userQueries.values()) {
            try {
                query.store().read().definition().map(QueryDefinition::select)
                        .filter(select -> select instanceof Select.Sql sql && sql.outputTopic() != null)
                        .ifPresent(select -> topics.add(((Select.Sql) select).outputTopic()));
            } catch (RuntimeException e) {
                log.debug("Cannot read the store of query {}: {}", query.name(), e.getMessage());
            }
        }
        return topics;
    }

    public String defaultName() {
        return defaultQuery.name();
    }

    boolean isDefault(String name) {
        return defaultQuery.name().equals(name);
    }

    /**
     * Starts a user query as it is defined; a request may only say where to begin, which drops the
     * checkpoint and the results. The default query takes its options from {@link #startDefault}.
     */
    QueryStatus start(String name, StartQueryRequest request) {
        if (isDefault(name)) {
            return startDefault(request);
        }
        QueryOperator query = find(name);
        if (request != null && (request.trigger() != null || request.schema() != null || request.mode() != null)) {
            throw new InvalidQueryException("A user query starts as it is defined; only startingOffsets may be given "
                    + "here. Change trigger, schema or mode with PUT /queries/" + name);
        }
        boolean fromScratch = request != null && request.startingOffsets() != null;
        synchronized (registry) {
            requireRoomFor(query);
            QueryDefinition definition = query.store().read().definition()
                    .orElseThrow(() -> new QueryNotFoundException(name));
            if (fromScratch) {
                definition = QueryDefinition.of(settings, definition.topic(), request.startingOffsets(),
                        definition.trigger(), definition.schema().ddl(), definition.mode().value(), definition.select());
            }
            if (definition.select() instanceof Select.Sql sql && sql.outputTopic() != null) {
                topics.createIfMissing(sql.outputTopic());
            }
            return query.start(definition, fromScratch);
        }
    }

    /**
     * Creates or replaces a user query; its SQL is checked and analyzed first, and nothing is written
     * unless it passes.
     *
     * @return true when created, false when replaced
     */
    boolean define(String name, QueryRequest request) {
        requireUserName(name);
        if (request == null) {
            throw new InvalidQueryException("A body with sql is required");
        }
        Select.Sql select = new Select.Sql(request.sql(), request.watermark(),
                request.outputMode() == null ? null : OutputMode.of(request.outputMode()), request.outputTopic());
        QueryDefinition asked = QueryDefinition.of(settings, request.topic() != null ? request.topic() : defaultTopic,
                request.startingOffsets(), request.trigger(), request.schema(), request.mode(), select);
        if (topics.partitions(asked.topic()).isEmpty()) {
            throw new InvalidQueryException("Topic '" + asked.topic() + "' does not exist; the query reads an existing topic");
        }
        CheckedSql checked = pipeline.check(asked, select);
        QueryDefinition definition = asked.withSelect(select.withOutputMode(checked.outputMode()));
        SqlAnalysis analysis = SqlAnalysis.of(checked);
        synchronized (registry) {
            QueryOperator existing = userQueries.get(name);
            if (existing == null) {
                QueryOperator query = operator(name);
                // A folder left by a query deleted while its files were unreachable must not be resumed.
                query.store().deleteAll();
                results.remove(name);
                query.store().write(SavedQuery.defined(definition, analysis));
                userQueries.put(name, query);
                return true;
            }
            return existing.whileStopped(() -> {
                SavedQuery saved = existing.store().read();
                boolean hasCheckpoint = storage.exists(checkpoint(name));
                Optional<String> conflict = saved.definition().flatMap(before -> stateConflict(before,
                        saved.analysis(), definition, analysis));
                if (hasCheckpoint && conflict.isPresent() && request.startingOffsets() == null) {
                    throw new QueryStateException("The query's checkpoint cannot carry over: " + conflict.get()
                            + ". Replace it with startingOffsets to begin from a new checkpoint", existing.status());
                }
                if (request.startingOffsets() != null) {
                    storage.delete(checkpoint(name));
                    results.of(name).clear();
                }
                existing.store().write(SavedQuery.defined(definition, analysis));
                return false;
            });
        }
    }

    /** Stops a user query and removes its definition, checkpoint and results; the default query stays. */
    void delete(String name) {
        if (isDefault(name)) {
            throw new QueryStateException("The default query '" + name + "' is part of the service and cannot be deleted",
                    defaultQuery.status());
        }
        synchronized (registry) {
            QueryOperator query = find(name);
            query.close();
            userQueries.remove(name);
            query.store().deleteAll();
            results.remove(name);
        }
        events.publishEvent(new QueryDeletedEvent(name));
        log.info("Deleted query {}", name);
    }

    QueryInfo info(String name) {
        QueryOperator query = find(name);
        return info(query);
    }

    List<QueryInfo> list() {
        List<QueryInfo> all = new ArrayList<>();
        all.add(info(defaultQuery));
        userQueries.values().forEach(query -> all.add(info(query)));
        return all;
    }

    /** The query one of whose runs had that Spark run id. */
    Optional<QueryOperator> ofRun(String runId) {
        return all().stream().filter(query -> query.ran(runId)).findFirst();
    }

    List<QueryOperator> all() {
        List<QueryOperator> all = new ArrayList<>();
        all.add(defaultQuery);
        all.addAll(userQueries.values());
        return all;
    }

    /** The plan of a query's latest run, if it had one. */
    Optional<QueryPlan> currentPlan(String name) {
        return Optional.ofNullable(isDefault(name) ? defaultQuery : userQueries.get(name))
                .flatMap(QueryOperator::currentPlan);
    }

    private QueryInfo info(QueryOperator query) {
        QueryStatus status = query.status();
        SavedQuery saved;
        try {
            saved = query.store().read();
        } catch (RuntimeException e) {
            saved = SavedQuery.NEW;
        }
        // The default query is defined by each start; a user query by its stored definition.
        Optional<QueryDefinition> running = query.currentPlan().map(QueryPlan::definition);
        Optional<QueryDefinition> definition = isDefault(query.name()) ? running.or(saved::definition)
                : saved.definition().or(() -> running);
        return new QueryInfo(query.name(), definition.map(QueryRegistry::view).orElse(null),
                saved.analysis().map(SqlAnalysis::columns).orElse(null), status);
    }

    private static QueryInfo.Definition view(QueryDefinition definition) {
        Select.Sql sql = definition.select() instanceof Select.Sql user ? user : null;
        return new QueryInfo.Definition(sql == null ? null : sql.sql(), definition.topic(), definition.schema().ddl(),
                sql == null ? null : sql.watermark(), definition.trigger(), definition.mode().value(),
                sql == null || sql.outputMode() == null ? null : sql.outputMode().value(), definition.startingOffsets(),
                sql == null ? null : sql.outputTopic());
    }

    /** Why a replacement cannot resume from the checkpoint of the definition before it, if it cannot. */
    private static Optional<String> stateConflict(QueryDefinition before, Optional<SqlAnalysis> analyzedBefore,
                                                  QueryDefinition after, SqlAnalysis analyzedAfter) {
        if (!before.topic().equals(after.topic())) {
            return Optional.of("it reads another topic ('" + before.topic() + "' before, '" + after.topic() + "' now)");
        }
        if (before.mode() != after.mode()) {
            return Optional.of("it runs in another mode (" + before.mode().value() + " before, " + after.mode().value() + " now)");
        }
        if (analyzedBefore.isPresent() && !analyzedBefore.get().stateSignature().equals(analyzedAfter.stateSignature())) {
            return Optional.of("it keeps other state in Spark's state store (" + analyzedBefore.get().stateSignature()
                    + " before, " + analyzedAfter.stateSignature() + " now)");
        }
        return Optional.empty();
    }

    /** Call with the registry lock held. */
    private void requireRoomFor(QueryOperator starting) {
        long running = all().stream().filter(query -> query != starting && query.isRunning()).count();
        if (running >= limits.maxRunning()) {
            throw new TooManyQueriesException(running + " queries are running, the most streamgate.queries.max-running "
                    + "allows; stop one first");
        }
    }

    private URI checkpoint(String name) {
        return Storage.child(planner.queryDir(name), "results");
    }

    QueryOperator find(String name) {
        QueryOperator query = isDefault(name) ? defaultQuery : userQueries.get(name);
        if (query == null) {
            throw new QueryNotFoundException(name);
        }
        return query;
    }

    private QueryOperator operator(String name) {
        QueryStore store = new QueryStore(storage, planner.queryDir(name), json, defaultTopic);
        return new QueryOperator(name, planner, pipeline, spark, store, settings, json, () -> coresHeldExcept(name));
    }

    private int coresHeldExcept(String name) {
        return all().stream().filter(query -> !query.name().equals(name) && query.isRunning())
                .flatMap(query -> query.currentPlan().stream()).mapToInt(QueryPlan::coresHeld).sum();
    }

    private void requireUserName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidQueryException("A query's name is 1 to 63 lower-case letters, digits and dashes, not '"
                    + name + "'");
        }
        if (RESERVED.contains(name) || name.equals(settings.queryName() + "-archive")) {
            throw new InvalidQueryException("'" + name + "' is reserved; choose another name");
        }
        if (isDefault(name)) {
            throw new QueryStateException("'" + name + "' is the default query, defined by the service's settings; "
                    + "choose another name", defaultQuery.status());
        }
    }
}
