package io.streamgate.pipeline.sql;

import io.streamgate.pipeline.LocalSpark;
import io.streamgate.pipeline.definition.RecordSchema;
import io.streamgate.pipeline.definition.InvalidSqlException;
import io.streamgate.pipeline.definition.PipelineProperties.SqlLimits;
import io.streamgate.pipeline.definition.TestPipelineProperties;
import io.streamgate.pipeline.definition.OutputMode;
import io.streamgate.pipeline.definition.QueryMode;
import io.streamgate.pipeline.definition.Select;
import io.streamgate.pipeline.transform.RecordTransform;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SQL guard on a real SparkSession and the real Kafka source (which connects only when a query
 * starts, so no broker is needed to analyze): what it accepts and what it refuses, and that refused
 * SQL had no effect on the session, the JVM or the disk.
 */
class SqlGuardTest {

    private static final SqlLimits LIMITS = TestPipelineProperties.with(Map.of()).sqlLimits();

    private static final String SCHEMA = "id BIGINT NOT NULL, name STRING NOT NULL, amount DOUBLE";
    private static SparkSession spark;
    private static Dataset<Row> events;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("sql-guard-test");
        spark.conf().set("spark.sql.runSQLOnFiles", "false");
        Dataset<Row> kafka = spark.readStream().format("kafka").option("kafka.bootstrap.servers", "127.0.0.1:1")
                .option("subscribe", "testTopic").load();
        events = RecordTransform.events(kafka, RecordSchema.parse(SCHEMA)).withWatermark("timestamp", "1 minute");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static CheckedSql check(String sql) {
        return check(sql, QueryMode.MICRO_BATCH);
    }

    private static CheckedSql check(String sql, QueryMode mode) {
        return check(sql, mode, LIMITS);
    }

    private static CheckedSql check(String sql, QueryMode mode, SqlLimits limits) {
        return SqlGuard.check(spark, views(), new Select.Sql(sql, null, null), mode, limits);
    }

    /** {@code events} alone, as a query reads it when nothing is registered. */
    private static Views views() {
        return new Views() {
            @Override
            public Set<String> names() {
                return Set.of("events");
            }

            @Override
            public Dataset<Row> view(String name) {
                return events;
            }
        };
    }

    @Test
    void aStreamJoinedWithItselfWithinATimeBoundIsAcceptedAndItsStateSignatureHasTheJoin() {
        CheckedSql checked = check("SELECT a.id, b.name FROM events a JOIN events b ON a.id = b.id "
                + "AND b.timestamp BETWEEN a.timestamp AND a.timestamp + INTERVAL 1 MINUTE");
        assertThat(checked.reads()).containsExactly("events");
        assertThat(checked.stateSignature()).anyMatch(part -> part.startsWith("join INNER"));
        assertThat(checked.outputMode()).isEqualTo(OutputMode.APPEND);
    }

    @Test
    void eachJoinOfThreeIsCheckedOnItsOwn() {
        String bounded = "SELECT a.id FROM events a JOIN events b ON a.id = b.id "
                + "AND b.timestamp BETWEEN a.timestamp AND a.timestamp + INTERVAL 1 MINUTE ";
        assertThat(check(bounded + "JOIN events c ON c.id = a.id AND c.timestamp BETWEEN a.timestamp AND "
                + "a.timestamp + INTERVAL 1 MINUTE").stateSignature()).filteredOn(part -> part.startsWith("join")).hasSize(2);
        assertThatThrownBy(() -> check(bounded + "JOIN events c ON c.id = a.id"))
                .isInstanceOfSatisfying(InvalidSqlException.class, e -> {
                    assertThat(e.errorClass()).isEqualTo("REFUSED_SQL.UNBOUNDED_STATE");
                    assertThat(e.getMessage()).contains("time bound");
                });
    }

    @Test
    void aWindowedAggregationIsAcceptedWithItsColumnsGroupKeysAndUpdateMode() {
        CheckedSql checked = check("SELECT window(timestamp, '1 minute') AS window, name, count(*) AS orders, "
                + "sum(amount) AS total FROM events WHERE valid GROUP BY window(timestamp, '1 minute'), name");
        assertThat(checked.columns()).containsExactly(
                new CheckedSql.Column("window", "STRUCT<start: TIMESTAMP, end: TIMESTAMP>"),
                new CheckedSql.Column("name", "STRING"), new CheckedSql.Column("orders", "BIGINT"),
                new CheckedSql.Column("total", "DOUBLE"));
        assertThat(checked.outputMode()).isEqualTo(OutputMode.UPDATE);
        assertThat(checked.groupKeys()).contains(List.of("window", "name"));
        assertThat(checked.stateSignature()).hasSize(1);
        assertThat(checked.rows().isStreaming()).isTrue();
    }

    @Test
    void aFilterWithBuiltInFunctionsAndACteIsAppendOfPlainRows() {
        CheckedSql checked = check("WITH big AS (SELECT * FROM events WHERE amount > 100) "
                + "SELECT id, upper(name) AS name, amount FROM big WHERE valid");
        assertThat(checked.outputMode()).isEqualTo(OutputMode.APPEND);
        assertThat(checked.groupKeys()).isEmpty();
        assertThat(checked.stateSignature()).isEmpty();
        assertThat(checked.columns()).extracting(CheckedSql.Column::name).containsExactly("id", "name", "amount");
    }

    @Test
    void aGroupKeyLeftOutOfTheOutputMakesRowsNotGroups() {
        assertThat(check("SELECT count(*) AS n FROM events GROUP BY name").groupKeys()).isEmpty();
        assertThat(check("SELECT count(*) AS n FROM events").groupKeys()).contains(List.of());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            SELECT reflect('java.lang.System', 'exit', 0) FROM events                    | REFUSED_SQL.REFLECTION
            SELECT java_method('java.lang.System', 'getenv', 'HOME') FROM events          | REFUSED_SQL.REFLECTION
            SELECT try_reflect('java.lang.System', 'exit', 0) FROM events                 | REFUSED_SQL.REFLECTION
            SELECT * FROM json.`/etc/passwd`                                              | REFUSED_SQL.SQL_ON_FILES
            SELECT * FROM read_files('/etc')                                              | REFUSED_SQL.TABLE_VALUED_FUNCTION
            SELECT * FROM range(10)                                                       | REFUSED_SQL.TABLE_VALUED_FUNCTION
            SELECT * FROM events JOIN range(1000000000) r                                 | REFUSED_SQL.TABLE_VALUED_FUNCTION
            SELECT * FROM events a JOIN events b ON a.key = b.key                         | REFUSED_SQL.UNBOUNDED_STATE
            SELECT input_file_name() FROM events                                          | REFUSED_SQL.INPUT_FILE
            SELECT my_udf(name) FROM events                                               | REFUSED_SQL.USER_DEFINED_FUNCTION
            SELECT default.my_udf(name) FROM events                                       | REFUSED_SQL.USER_DEFINED_FUNCTION
            SELECT * FROM other_table                                                     | REFUSED_SQL.OTHER_RELATION
            SELECT * FROM spark_catalog.default.t                                         | REFUSED_SQL.OTHER_RELATION
            SELECT * FROM VALUES (1), (2)                                                 | REFUSED_SQL.OTHER_RELATION
            SELECT 1                                                                      | REFUSED_SQL.OTHER_RELATION
            SELECT name, (SELECT max(amount) FROM events) FROM events                     | REFUSED_SQL.SUBQUERY
            SET spark.sql.runSQLOnFiles=true                                              | REFUSED_SQL.NOT_A_QUERY
            ADD JAR /tmp/evil.jar                                                         | REFUSED_SQL.NOT_A_QUERY
            CREATE TABLE t (a INT)                                                        | REFUSED_SQL.NOT_A_QUERY
            DROP TABLE t                                                                  | REFUSED_SQL.NOT_A_QUERY
            INSERT OVERWRITE DIRECTORY '/tmp/out' USING json SELECT * FROM events         | REFUSED_SQL.NOT_A_QUERY
            EXECUTE IMMEDIATE 'SET spark.sql.runSQLOnFiles=true'                          | REFUSED_SQL.NOT_A_QUERY
            SELECT 1; SELECT 2                                                            | PARSE_SYNTAX_ERROR
            SELECT nme FROM events                                                        | UNRESOLVED_COLUMN.WITH_SUGGESTION
            """)
    void refusesWithTheReason(String sql, String errorClass) {
        assertThatThrownBy(() -> check(sql)).isInstanceOfSatisfying(InvalidSqlException.class,
                e -> assertThat(e.errorClass()).isEqualTo(errorClass));
    }

    /** Sizes literals fix, refused before Spark folds them on the driver; sizes of the data are not known here. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            SELECT explode(sequence(1, 100000000)) AS n FROM events                         | true
            SELECT explode(sequence(10000, 1, -1)) AS n FROM events                         | false
            SELECT explode(sequence(1, 19999, 2)) AS n FROM events                          | false
            SELECT explode(sequence(1, 20003, 2)) AS n FROM events                          | true
            SELECT explode(sequence(1, 10000)) AS n FROM events                             | false
            SELECT explode(sequence(1L, 9223372036854775807L)) AS n FROM events             | true
            SELECT sequence(DATE'2000-01-01', DATE'2100-01-01') AS d FROM events            | true
            SELECT sequence(DATE'2000-01-01', DATE'2100-01-01', INTERVAL 1 MONTH) AS d FROM events | false
            SELECT sequence(TIMESTAMP'2026-01-01 00:00:00', TIMESTAMP'2026-01-02 00:00:00', INTERVAL 1 SECOND) AS t FROM events | true
            SELECT array_repeat(key, 100000000) AS k FROM events                            | true
            SELECT array_repeat(sequence(1, 1000), 1000) AS k FROM events                   | true
            SELECT array_repeat(sequence(1, 100), 100) AS k FROM events                     | false
            SELECT repeat('ab', 600000) AS v FROM events                                    | true
            SELECT repeat(value, 2000000) AS v FROM events                                  | true
            SELECT repeat(value, 1000) AS v FROM events                                     | false
            SELECT lpad(key, 2000000, 'x') AS v FROM events                                 | true
            SELECT rpad(key, 100, 'x') AS v FROM events                                     | false
            SELECT space(2000000) AS v FROM events                                          | true
            SELECT explode(sequence(1, id)) AS n FROM events                                | false
            """)
    void sizesThatLiteralsFixArePastTheBoundOrNot(String sql, boolean refused) {
        if (refused) {
            assertThatThrownBy(() -> check(sql)).isInstanceOfSatisfying(InvalidSqlException.class,
                    e -> assertThat(e.errorClass()).isEqualTo("REFUSED_SQL.TOO_LARGE"));
        } else {
            assertThat(check(sql).columns()).isNotEmpty();
        }
    }

    @Test
    void refusedCommandsHadNoEffect() throws Exception {
        Path jar = Files.createTempFile("evil", ".jar");
        Path out = Files.createTempDirectory("insert-dir").resolve("out");
        for (String sql : List.of("SET spark.sql.runSQLOnFiles=true", "ADD JAR " + jar,
                "EXECUTE IMMEDIATE 'SET spark.sql.runSQLOnFiles=true'",
                "INSERT OVERWRITE DIRECTORY '" + out + "' USING json SELECT * FROM events")) {
            assertThatThrownBy(() -> check(sql)).isInstanceOf(InvalidSqlException.class);
        }
        assertThat(spark.conf().get("spark.sql.runSQLOnFiles")).isEqualTo("false");
        assertThat(spark.sparkContext().listJars().isEmpty()).isTrue();
        assertThat(out).doesNotExist();
    }

    @Test
    void realTimeModeTakesStatelessQueriesOnly() {
        CheckedSql stateless = check("SELECT id, name FROM events WHERE amount > 1", QueryMode.REAL_TIME);
        assertThat(stateless.outputMode()).as("Spark's real-time mode writes in update mode only").isEqualTo(OutputMode.UPDATE);
        assertThat(stateless.groupKeys()).isEmpty();
        assertThatThrownBy(() -> check("SELECT name, count(*) FROM events GROUP BY name", QueryMode.REAL_TIME))
                .isInstanceOfSatisfying(InvalidSqlException.class,
                        e -> assertThat(e.errorClass()).isEqualTo("REFUSED_SQL.REAL_TIME_STATEFUL"));
    }

    @Test
    void anOutputModeSparkCannotRunIsSparksError() {
        assertThatThrownBy(() -> SqlGuard.check(spark, views(),
                new Select.Sql("SELECT id FROM events", null, OutputMode.COMPLETE), QueryMode.MICRO_BATCH, LIMITS))
                .isInstanceOfSatisfying(InvalidSqlException.class, e -> assertThat(e.errorClass()).isNotBlank());
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            SELECT window(timestamp, '10 seconds', '1 millisecond') AS w, count(*) AS n FROM events GROUP BY window(timestamp, '10 seconds', '1 millisecond') | REFUSED_SQL.TOO_LARGE
            SELECT window(timestamp, '1 hour', '1 microsecond') AS w, count(*) AS n FROM events GROUP BY 1                 | REFUSED_SQL.TOO_LARGE
            SELECT window(timestamp, INTERVAL 10 MINUTES, INTERVAL 1 SECOND) AS w FROM events                            | REFUSED_SQL.TOO_LARGE
            SELECT window(timestamp, '10 seconds', '100 milliseconds') AS w, count(*) AS n FROM events GROUP BY 1        | accepted
            SELECT window(timestamp, '10 seconds') AS w, count(*) AS n FROM events GROUP BY 1                             | accepted
            SELECT key, value rlike '((a+)+)+\\2b' AS m FROM events                                                      | REFUSED_SQL.NESTED_QUANTIFIERS
            SELECT regexp_replace(value, '(a*)*', 'x') AS v FROM events                                                   | REFUSED_SQL.NESTED_QUANTIFIERS
            SELECT regexp_extract(value, '(\\w+\\s?)+$', 1) AS v FROM events                                              | REFUSED_SQL.NESTED_QUANTIFIERS
            SELECT regexp_count(value, '(x+)+') AS v FROM events                                                          | REFUSED_SQL.NESTED_QUANTIFIERS
            SELECT split(value, '(,+)+') AS v FROM events                                                                 | REFUSED_SQL.NESTED_QUANTIFIERS
            SELECT str_to_map(value, ',', '(=+)*') AS v FROM events                                                       | REFUSED_SQL.NESTED_QUANTIFIERS
            SELECT key FROM events WHERE value rlike key                                                                  | REFUSED_SQL.NON_LITERAL_PATTERN
            SELECT key FROM events WHERE value rlike '[a-z]+@[a-z]+[.]com'                                                | accepted
            SELECT split(value, ',') AS parts FROM events                                                                 | accepted
            SELECT key FROM events WHERE value like '%a%'                                                                 | accepted
            """)
    void windowsPerRowAndNestedRepeatsArePastTheBoundOrNot(String sql, String outcome) {
        if (outcome.equals("accepted")) {
            check(sql);
        } else {
            assertThatThrownBy(() -> check(sql)).isInstanceOfSatisfying(InvalidSqlException.class,
                    e -> assertThat(e.errorClass()).as(e.getMessage()).isEqualTo(outcome));
        }
    }

    @Test
    void theBoundsAreSettings() {
        SqlLimits raised = TestPipelineProperties.with(Map.of("sql-limits.max-windows-per-row", "10000",
                "sql-limits.max-star-height", "3", "sql-limits.non-literal-patterns", "true")).sqlLimits();
        check("SELECT window(timestamp, '10 seconds', '1 millisecond') AS w, count(*) AS n FROM events GROUP BY 1",
                QueryMode.MICRO_BATCH, raised);
        check("SELECT key, value rlike '((a+)+)+b' AS m FROM events", QueryMode.MICRO_BATCH, raised);
        check("SELECT key FROM events WHERE value rlike key", QueryMode.MICRO_BATCH, raised);
        assertThatThrownBy(() -> check("SELECT window(timestamp, '10 seconds', '1 millisecond') AS w FROM events"))
                .hasMessageContaining("10000 windows").hasMessageContaining("at most 100 ");
    }
}
