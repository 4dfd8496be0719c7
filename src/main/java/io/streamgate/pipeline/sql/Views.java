package io.streamgate.pipeline.sql;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.Set;

/** The relations a user's SQL may read by name: {@code events} and the registered streams and tables. */
public interface Views {

    /** Every name the SQL may read, lower case. */
    Set<String> names();

    /** The relation of that name, one of {@link #names()}; built only for the names the SQL reads. */
    Dataset<Row> view(String name);
}
