package io.streamgate.pipeline.results;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GroupsTableTest {

    private static ResultRow row(String group, String json) {
        return new JsonRow(group, JsonMapper.shared().readTree(json));
    }

    private static List<String> texts(ResultTable table) {
        return table.latest(100).stream().map(row -> ((JsonRow) row).value().toString()).toList();
    }

    private static ResultTable table(int capacity) {
        return ResultTable.of(ResultTable.Shape.GROUPS, "q", capacity, ResultsListener.NONE);
    }

    @Test
    void rowsWithoutAGroupAreNewestFirstAndTheOldestGoPastTheCapacity() {
        ResultTable table = table(3);
        table.write(List.of(row(null, "{\"id\":1}"), row(null, "{\"id\":2}")));
        table.write(List.of(row(null, "{\"id\":3}"), row(null, "{\"id\":4}")));
        assertThat(texts(table)).containsExactly("{\"id\":4}", "{\"id\":3}", "{\"id\":2}");
        assertThat(table.latest(1)).hasSize(1);
    }

    @Test
    void groupsAreUpdatedInPlaceLatestUpdatedFirstAndTheLeastRecentlyUpdatedGo() {
        ResultTable table = table(2);
        table.write(List.of(row("{\"name\":\"a\"}", "{\"name\":\"a\",\"n\":1}"), row("{\"name\":\"b\"}", "{\"name\":\"b\",\"n\":1}")));
        table.write(List.of(row("{\"name\":\"a\"}", "{\"name\":\"a\",\"n\":2}")));
        assertThat(texts(table)).containsExactly("{\"name\":\"a\",\"n\":2}", "{\"name\":\"b\",\"n\":1}");
        table.write(List.of(row("{\"name\":\"c\"}", "{\"name\":\"c\",\"n\":1}")));
        assertThat(texts(table)).containsExactly("{\"name\":\"c\",\"n\":1}", "{\"name\":\"a\",\"n\":2}");
    }

    @Test
    void completeOutputReplacesTheTable() {
        ResultTable table = table(10);
        table.write(List.of(row("{\"name\":\"a\"}", "{\"n\":1}"), row("{\"name\":\"b\"}", "{\"n\":1}")));
        table.replace(List.of(row("{\"name\":\"b\"}", "{\"n\":2}")));
        assertThat(texts(table)).containsExactly("{\"n\":2}");
        table.clear();
        assertThat(table.latest(10)).isEmpty();
    }

    @Test
    void eachWritesRowsGoToTheListenerNewestFirst() {
        List<String> heard = new ArrayList<>();
        ResultTable table = ResultTable.of(ResultTable.Shape.GROUPS, "totals", 10,
                (query, rows) -> rows.forEach(row -> heard.add(query + " " + ((JsonRow) row).value())));
        table.write(List.of(row("{\"name\":\"a\"}", "{\"n\":1}"), row("{\"name\":\"b\"}", "{\"n\":2}")));
        assertThat(heard).containsExactly("totals {\"n\":2}", "totals {\"n\":1}");
    }
}
