package io.streamgate.queries;

import io.streamgate.kafka.KafkaTopicProperties;
import io.streamgate.pipeline.definition.PipelineProperties;
import io.streamgate.pipeline.plan.QueryPlan;
import io.streamgate.pipeline.plan.QueryPlanner;
import io.streamgate.pipeline.results.ResultTables;
import io.streamgate.pipeline.spark.SparkConnection;
import io.streamgate.pipeline.storage.Storage;
import io.streamgate.queries.store.QueryStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;

/**
 * Every query by name: the default one, defined by the service's settings, and the users' SQL queries,
 * each stored in its folder under the checkpoint dir and loaded from there when the service starts.
 * Starts go through one {@link Admission}; each query's own commands are sequenced by its
 * {@link QueryOperator}; users' queries are defined and replaced by {@link QueryDefinitions}.
 */
@Service
public class QueryRegistry implements SmartLifecycle {

    /** After the Spark connection starts; before the web server serves. */
    static final int PHASE = SparkConnection.PHASE + 1;
    private static final Logger log = LoggerFactory.getLogger(QueryRegistry.class);

    private final QueryPlanner planner;
    private final Storage storage;
    private final PipelineProperties settings;
    private final ResultTables results;
    private final ApplicationEventPublisher events;
    private final QueryNames names;
    private final DefinedBy.Settings defaultDefinition;
    private final QueryStore.Defaults storeDefaults;
    private final JsonMapper json;
    private final Clock clock;
    private final Admission admission;
    private final RunIndex runs;
    private final OperatorContext context;
    private final Map<String, QueryOperator> queries = new ConcurrentSkipListMap<>();
    private final Object[] nameLocks = new Object[64];
    private volatile boolean loaded;

    QueryRegistry(QueryPlanner planner, QueryLauncher launcher, UnstoppedRuns unstopped, Storage storage,
                  PipelineProperties settings, QueriesProperties limits, JsonMapper json, ResultTables results,
                  KafkaTopicProperties topic, ApplicationEventPublisher events, Clock clock, RunIndex runs) {
        this.planner = planner;
        this.storage = storage;
        this.settings = settings;
        this.results = results;
        this.events = events;
        this.json = json;
        this.clock = clock;
        this.runs = runs;
        this.names = new QueryNames(settings.queryName());
        this.defaultDefinition = new DefinedBy.Settings(settings, topic.name());
        this.storeDefaults = new QueryStore.Defaults(topic.name(), settings.builtInSinks());
        this.admission = new Admission(limits.maxRunning(), this::all);
        Arrays.setAll(nameLocks, i -> new Object());
        this.context = new OperatorContext(launcher, admission, runs, settings.stopTimeout(), settings.maxStateRows(),
                unstopped);
    }

    /** Loads the default query and the users' queries stored under the checkpoint dir. */
    @Override
    public void start() {
        queries.put(names.defaultName(), operator(names.defaultName(), defaultDefinition));
        for (String name : storage.folders(planner.checkpointDir())) {
            if (!names.isUserQuery(name)) {
                continue;
            }
            QueryOperator query = operator(name, new DefinedBy.Request());
            try {
                if (query.store().exists() && query.store().read().analysis().isPresent()) {
                    queries.put(name, query);
                }
            } catch (RuntimeException e) {
                log.warn("Not loading query {}: cannot read its store ({})", name, e.getMessage());
            }
        }
        if (!settings.resumeOnStartup()) {
            all().forEach(query -> query.store().forgetRunning());
        }
        loaded = true;
    }

    @Override
    public void stop() {
        loaded = false;
    }

    @Override
    public boolean isRunning() {
        return loaded;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** The default query's name, {@code streamgate.pipeline.query-name}. */
    public String defaultName() {
        return names.defaultName();
    }

    /** @throws QueryNotFoundException when no query has the name */
    public QueryStatus status(String name) {
        return find(name).status();
    }

    /** Every query's name, the default one first. */
    public List<String> names() {
        return all().stream().map(QueryOperator::name).toList();
    }

    /** The topics users' queries write their rows to, as their definitions say. */
    public Set<String> outputTopics() {
        Set<String> topics = new TreeSet<>();
        for (QueryOperator query : all()) {
            query.store().read().definition().flatMap(definition -> definition.sinks().outputTopic()).ifPresent(topics::add);
        }
        return topics;
    }

    /** A query's start: as it is defined, with the request's options (the default query takes more of them). */
    QueryStatus start(String name, StartQueryRequest request) {
        return changing(name, () -> {
            QueryOperator query = find(name);
            StartQueryRequest options = request == null ? StartQueryRequest.DEFAULTS : request;
            return admission.admit(query, () -> query.start(options));
        });
    }

    QueryStatus stop(String name) {
        return changing(name, () -> find(name).stop());
    }

    /**
     * Runs one change for a name ({@code PUT}, start, stop, {@code DELETE}) with every other change for that
     * name held off, from finding the query to its last file: a request that comes while a {@code DELETE}
     * removes a query's folder sees it gone, and cannot start a run in a folder being deleted. Names share
     * a fixed set of locks, so a flood of names costs no memory.
     */
    <T> T changing(String name, Supplier<T> change) {
        synchronized (nameLocks[Math.floorMod(name.hashCode(), nameLocks.length)]) {
            return change.get();
        }
    }

    /** Stops a user query and removes its definition, checkpoint and results; the default query stays. */
    void delete(String name) {
        changing(name, () -> {
            QueryOperator query = find(name);
            if (query.definedBy() instanceof DefinedBy.Settings) {
                throw new QueryStateException("The default query '" + name + "' is part of the service and cannot be "
                        + "deleted", query.status());
            }
            query.close();
            queries.remove(name, query);
            query.store().deleteAll();
            results.remove(name);
            events.publishEvent(new QueryDeletedEvent(name));
            log.info("Deleted query {}", name);
            return null;
        });
    }

    /**
     * The user query of that name, to define: the one there is, or a new one, which the API sees once its
     * definition is stored ({@link QueryDefinitions}).
     */
    QueryOperator userQuery(String name) {
        names.requireUserName(name, () -> status(names.defaultName()));
        return queries.computeIfAbsent(name, created -> {
            QueryOperator query = operator(created, new DefinedBy.Request());
            query.store().startEmpty();
            return query;
        });
    }

    /** Forgets a new user query whose definition could not be stored. */
    void forgetUnsaved(QueryOperator query) {
        if (!defined(query)) {
            queries.remove(query.name(), query);
        }
    }

    QueryInfo info(String name) {
        return QueryInfo.of(find(name));
    }

    /** Every query, the default one first. */
    List<QueryInfo> list() {
        return all().stream().map(QueryInfo::of).toList();
    }

    /** The query one of whose runs, its latest, had that Spark run id. */
    Optional<QueryOperator> ofRun(String runId) {
        return runs.find(runId);
    }

    /** Every query, the default one first. */
    List<QueryOperator> all() {
        List<QueryOperator> all = new ArrayList<>();
        Optional.ofNullable(queries.get(names.defaultName())).ifPresent(all::add);
        queries.values().stream().filter(query -> !query.name().equals(names.defaultName()) && defined(query))
                .forEach(all::add);
        return all;
    }

    /** The plan of a query's latest run, if it had one. */
    Optional<QueryPlan> currentPlan(String name) {
        return Optional.ofNullable(queries.get(name)).flatMap(QueryOperator::currentPlan);
    }

    QueryOperator find(String name) {
        QueryOperator query = queries.get(name);
        if (query == null || !defined(query)) {
            throw new QueryNotFoundException(name);
        }
        return query;
    }

    /** The default query always is; a user's, once its definition is stored. */
    private static boolean defined(QueryOperator query) {
        return query.definedBy() instanceof DefinedBy.Settings || query.store().read().definition().isPresent();
    }

    private QueryOperator operator(String name, DefinedBy definedBy) {
        QueryStore store = new QueryStore(storage, planner.queryDir(name), json, storeDefaults);
        return new QueryOperator(name, definedBy, context, store,
                new Restarts(RestartPolicy.of(settings.restart()), clock), new QueryStatusReader(name, json, settings.maxStateRows()));
    }
}
