package io.streamgate.pipeline.sql;

import io.streamgate.pipeline.definition.ErrorText;
import io.streamgate.pipeline.definition.InvalidQueryException;
import io.streamgate.pipeline.definition.InvalidSqlException;
import org.apache.spark.SparkThrowable;

import java.util.function.Supplier;

/**
 * The one rule for what Spark throws about a definition a user supplied (a schema, SQL, options) while
 * it is parsed, analyzed or planned: a refusal that carries Spark's error class, answered 400, never a
 * 500. What Spark throws while a run runs is that run's failure instead.
 */
public final class SparkRefusals {

    private SparkRefusals() {
    }

    /**
     * Builds what a user's definition asks Spark for.
     *
     * @throws InvalidQueryException for an error of Spark's with an error class, or one of this app's refusals
     */
    public static <T> T analyzing(Supplier<T> analysis) {
        try {
            return analysis.get();
        } catch (InvalidQueryException e) {
            throw e;
        } catch (Exception e) { // Spark's AnalysisException is checked, though Scala throws it unannounced
            if (e instanceof SparkThrowable spark && spark.getCondition() != null) {
                throw refusal(e);
            }
            throw e;
        } catch (StackOverflowError e) {
            throw new InvalidQueryException("REFUSED_SQL.TOO_DEEP", "The definition nests too deeply for Spark to analyze", e);
        }
    }

    /** What Spark said of a definition, as a refusal: its error class when it has one. */
    public static InvalidQueryException refusal(Exception e) {
        if (e instanceof InvalidQueryException invalid) {
            return invalid;
        }
        String condition = e instanceof SparkThrowable spark ? spark.getCondition() : null;
        return new InvalidSqlException(condition != null ? condition : "INVALID_SQL", ErrorText.firstLine(e.getMessage()), e);
    }
}
