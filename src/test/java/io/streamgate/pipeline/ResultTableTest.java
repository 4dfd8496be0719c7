package io.streamgate.pipeline;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.AbstractMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ResultTableTest {

    private static Map.Entry<String, JsonNode> row(String key, String json) {
        return new AbstractMap.SimpleImmutableEntry<>(key, JsonMapper.shared().readTree(json));
    }

    private static List<String> texts(ResultTable table) {
        return table.latest(100).stream().map(JsonNode::toString).toList();
    }

    @Test
    void plainRowsAreNewestFirstAndTheOldestGoPastTheCapacity() {
        ResultTable table = new ResultTable(3);
        table.write(List.of(row(null, "{\"id\":1}"), row(null, "{\"id\":2}")), false);
        table.write(List.of(row(null, "{\"id\":3}"), row(null, "{\"id\":4}")), false);
        assertThat(texts(table)).containsExactly("{\"id\":4}", "{\"id\":3}", "{\"id\":2}");
        assertThat(table.latest(1)).hasSize(1);
    }

    @Test
    void groupsAreUpdatedInPlaceLatestUpdatedFirstAndTheLeastRecentlyUpdatedGo() {
        ResultTable table = new ResultTable(2);
        table.write(List.of(row("{\"name\":\"a\"}", "{\"name\":\"a\",\"n\":1}"), row("{\"name\":\"b\"}", "{\"name\":\"b\",\"n\":1}")), false);
        table.write(List.of(row("{\"name\":\"a\"}", "{\"name\":\"a\",\"n\":2}")), false);
        assertThat(texts(table)).containsExactly("{\"name\":\"a\",\"n\":2}", "{\"name\":\"b\",\"n\":1}");
        table.write(List.of(row("{\"name\":\"c\"}", "{\"name\":\"c\",\"n\":1}")), false);
        assertThat(texts(table)).containsExactly("{\"name\":\"c\",\"n\":1}", "{\"name\":\"a\",\"n\":2}");
    }

    @Test
    void completeOutputReplacesTheTable() {
        ResultTable table = new ResultTable(10);
        table.write(List.of(row("{\"name\":\"a\"}", "{\"n\":1}"), row("{\"name\":\"b\"}", "{\"n\":1}")), false);
        table.write(List.of(row("{\"name\":\"b\"}", "{\"n\":2}")), true);
        assertThat(texts(table)).containsExactly("{\"n\":2}");
        table.clear();
        assertThat(table.size()).isZero();
    }
}
