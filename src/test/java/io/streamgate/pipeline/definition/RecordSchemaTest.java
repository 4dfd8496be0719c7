package io.streamgate.pipeline.definition;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A declared schema as from_json reads it, and what is refused before Spark sees it, with the reason. */
class RecordSchemaTest {

    @Test
    void charAndVarcharAreReadAsStringsAndTheDeclarationIsKept() {
        RecordSchema schema = RecordSchema.parse("c CHAR(5), s STRUCT<v: VARCHAR(10)>, a ARRAY<CHAR(1)>, m MAP<VARCHAR(3), CHAR(2)>");

        assertThat(schema.ddl()).isEqualTo("c CHAR(5), s STRUCT<v: VARCHAR(10)>, a ARRAY<CHAR(1)>, m MAP<VARCHAR(3), CHAR(2)>");
        assertThat(schema.struct().apply("c").dataType()).isEqualTo(DataTypes.StringType);
        assertThat(((StructType) schema.struct().apply("s").dataType()).apply("v").dataType()).isEqualTo(DataTypes.StringType);
        assertThat(schema.struct().apply("a").dataType()).isEqualTo(DataTypes.createArrayType(DataTypes.StringType));
        assertThat(schema.struct().apply("m").dataType())
                .isEqualTo(DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType));
    }

    @Test
    void namesThatDifferOnlyInCaseAreRefusedAtAnyDepth() {
        for (String ddl : new String[] {"a INT, A INT", "a INT, a STRING", "s STRUCT<x: INT, X: INT>",
                "l ARRAY<STRUCT<k: INT, K: STRING>>", "m MAP<STRING, STRUCT<q: INT, Q: INT>>"}) {
            assertThatThrownBy(() -> RecordSchema.parse(ddl)).as(ddl).isInstanceOfSatisfying(InvalidQueryException.class,
                    e -> assertThat(e.errorClass()).isEqualTo("REFUSED_SCHEMA.DUPLICATE_FIELD"));
        }
        assertThatThrownBy(() -> RecordSchema.parse("s STRUCT<x: INT, X: INT>")).hasMessageContaining("'s.x' and 's.X'");
        assertThat(RecordSchema.parse("a INT, s STRUCT<a: INT>").fields()).hasSize(2);
    }

    @Test
    void mapKeysMustBeStrings() {
        for (String ddl : new String[] {"m MAP<INT, STRING>", "m MAP<MAP<STRING, INT>, STRING>", "a ARRAY<MAP<BIGINT, INT>>"}) {
            assertThatThrownBy(() -> RecordSchema.parse(ddl)).as(ddl).isInstanceOfSatisfying(InvalidQueryException.class,
                    e -> assertThat(e.errorClass()).isEqualTo("REFUSED_SCHEMA.MAP_KEY_NOT_STRING"));
        }
        assertThat(RecordSchema.parse("m MAP<STRING, MAP<STRING, INT>>").fields()).hasSize(1);
    }

    @Test
    void ddlSparkCannotParseCarriesItsErrorClass() {
        assertThatThrownBy(() -> RecordSchema.parse("id BIGINTT")).isInstanceOfSatisfying(InvalidQueryException.class,
                e -> assertThat(e.errorClass()).isNotBlank());
    }
}
