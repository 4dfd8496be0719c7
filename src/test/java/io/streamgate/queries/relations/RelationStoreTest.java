package io.streamgate.queries.relations;

import io.streamgate.pipeline.LocalSpark;
import io.streamgate.pipeline.definition.RecordSchema;
import io.streamgate.pipeline.definition.Relation;
import io.streamgate.pipeline.storage.Storage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Streams' and tables' definitions outlive the JVM: what one store writes, a new one reads. */
class RelationStoreTest {

    @TempDir
    Path dir;

    private final Storage storage = LocalSpark.storage();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void whatIsWrittenIsReadBackByANewStoreWithItsRevision() {
        Relation.Stream payments = new Relation.Stream("payments", RecordSchema.parse("order_id BIGINT NOT NULL, amount DOUBLE"),
                "1 minute", 3);
        Relation.Table customers = new Relation.Table("customers", RecordSchema.parse("id BIGINT NOT NULL, name STRING"), "id");
        RelationStore store = new RelationStore(storage, dir.toUri(), json);
        store.write("payments", new RelationStore.Stored(payments, 1));
        store.write("customers", new RelationStore.Stored(customers, 4));

        RelationStore afterRestart = new RelationStore(storage, dir.toUri(), json);
        assertThat(afterRestart.load()).containsOnlyKeys("customers", "payments");
        assertThat(afterRestart.load().get("payments")).isEqualTo(new RelationStore.Stored(payments, 1));
        assertThat(afterRestart.load().get("customers")).isEqualTo(new RelationStore.Stored(customers, 4));

        afterRestart.delete("payments");
        assertThat(new RelationStore(storage, dir.toUri(), json).load()).containsOnlyKeys("customers");
    }

    @Test
    void aFileOfALaterVersionStopsTheLoadInsteadOfBeingDropped() throws Exception {
        Path folder = Files.createDirectories(dir.resolve(RelationStore.FOLDER).resolve("orders"));
        Files.writeString(folder.resolve("relation.json"), """
                {"version": 99, "kind": "stream", "topic": "orders", "schema": "id BIGINT", "revision": 1}""");
        assertThatThrownBy(() -> new RelationStore(storage, dir.toUri(), json).load())
                .hasMessageContaining("version 99");
    }
}
