package io.streamgate.pipeline.transform;

import io.streamgate.pipeline.LocalSpark;
import io.streamgate.pipeline.definition.RecordSchema;
import io.streamgate.pipeline.definition.InvalidQueryException;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

/** The validation expressions, run by a real local SparkSession on a static DataFrame. */
class SchemaValidationTest {

    private static SparkSession spark;
    private static final RecordSchema SCHEMA = RecordSchema.parse("id BIGINT NOT NULL, name STRING NOT NULL, amount DOUBLE");

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.start("schema-validation-test");
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    private static Row validate(String value) {
        Dataset<Row> values = spark.createDataset(Arrays.asList(value), Encoders.STRING()).toDF("value");
        Dataset<Row> checked = values
                .withColumn("parsed", SchemaValidation.parse(col("value"), SCHEMA))
                .withColumn("error", SchemaValidation.errors(col("value"), col("parsed"), SCHEMA));
        List<Row> rows = checked.select("error", "parsed.id", "parsed.name", "parsed.amount").collectAsList();
        return rows.get(0);
    }

    @Test
    void aValueMatchingTheSchemaHasNoError() {
        Row row = validate("{\"id\": 7, \"name\": \"widget\", \"amount\": 2.5}");
        assertThat(row.isNullAt(0)).as("error: %s", row.get(0)).isTrue();
        assertThat(row.getLong(1)).isEqualTo(7L);
        assertThat(row.getString(2)).isEqualTo("widget");
        assertThat(row.getDouble(3)).isEqualTo(2.5);
    }

    @Test
    void anOptionalFieldMayBeAbsentOrNull() {
        assertThat(validate("{\"id\": 7, \"name\": \"w\"}").isNullAt(0)).isTrue();
        assertThat(validate("{\"id\": 7, \"name\": \"w\", \"amount\": null}").isNullAt(0)).isTrue();
    }

    @Test
    void plainTextIsNotValidJson() {
        assertThat(validate("hello kafka").getString(0)).isEqualTo("value is not valid JSON");
    }

    @Test
    void aJsonArrayIsNotAnObject() {
        assertThat(validate("[1, 2]").getString(0)).isEqualTo("value is not a JSON object");
    }

    @Test
    void aNullValueIsReported() {
        assertThat(validate(null).getString(0)).isEqualTo("value is null");
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        assertThat(validate("{\"amount\": 1.0}").getString(0))
                .isEqualTo("missing required field 'id'; missing required field 'name'");
    }

    @Test
    void aFieldOfTheWrongTypeIsNamedAndTheOthersStillParse() {
        Row row = validate("{\"id\": \"seven\", \"name\": \"w\", \"amount\": 1.5}");
        assertThat(row.getString(0)).isEqualTo("field 'id' is not of type BIGINT");
        assertThat(row.getString(2)).isEqualTo("w");
        assertThat(row.getDouble(3)).isEqualTo(1.5);
    }

    @Test
    void anExplicitNullInARequiredFieldCountsAsMissing() {
        assertThat(validate("{\"id\": null, \"name\": \"w\"}").getString(0))
                .isEqualTo("missing required field 'id'");
    }

    @Test
    void onlyStrictJsonIsValid() {
        assertThat(validate("{'id': 7, 'name': 'w'}").getString(0)).isEqualTo("value is not valid JSON");
        assertThat(validate("{\"id\": 7, \"name\": \"w\", \"amount\": NaN}").getString(0)).isEqualTo("value is not valid JSON");
        assertThat(validate("{\"id\": 7, \"name\": \"w\",}").getString(0)).isEqualTo("value is not valid JSON");
        assertThat(validate("{\"id\": 7, \"name\": \"w\", \"amount\": 1.5,}").getString(0)).isEqualTo("value is not valid JSON");
    }

    @Test
    void anOptionalFieldIsCheckedHoweverItsNameIsWritten() {
        // Absent from the text: valid without the second parse. Present, however spelled: its type is checked.
        assertThat(validate("{\"id\": 7, \"name\": \"amount\"}").isNullAt(0)).isTrue();
        assertThat(validate("{\"id\": 7, \"name\": \"w\", \"amount\": \"x\"}").getString(0))
                .isEqualTo("field 'amount' is not of type DOUBLE");
        assertThat(validate("{\"id\": 7, \"name\": \"w\", \"\\u0061mount\": \"x\"}").getString(0))
                .isEqualTo("field 'amount' is not of type DOUBLE");
        assertThat(validate("{\"id\": 7, \"name\": \"w\\n\"}").isNullAt(0)).isTrue();
    }

    @Test
    void aRepeatedNameKeepsItsLastValueWhetherOrNotEveryFieldIsThere() {
        Row complete = validate("{\"id\": 1, \"id\": 2, \"name\": \"w\", \"amount\": 1.5}");
        assertThat(complete.isNullAt(0)).as("error: %s", complete.get(0)).isTrue();
        assertThat(complete.getLong(1)).isEqualTo(2L);
        Row optionalAbsent = validate("{\"id\": 1, \"id\": 2, \"name\": \"w\"}");
        assertThat(optionalAbsent.isNullAt(0)).as("error: %s", optionalAbsent.get(0)).isTrue();
        assertThat(validate("{\"name\": \"w\", \"name\": 3, \"id\": \"x\"}").getString(0))
                .isEqualTo("field 'id' is not of type BIGINT");
    }

    @Test
    void anInvalidDdlIsRejectedWithItsReason() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RecordSchema.parse("id BIGINTT"))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("not a valid Spark DDL");
    }
}
