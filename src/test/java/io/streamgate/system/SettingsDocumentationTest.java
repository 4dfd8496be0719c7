package io.streamgate.system;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each setting's default and meaning are written once, in its properties class, from which Spring Boot's
 * configuration processor makes the metadata IDEs read. docs/configuration.md is generated from that
 * metadata, and the README's table of essential settings is checked against it. After a deliberate
 * change: {@code ./mvnw test -Dtest=SettingsDocumentationTest -Dsettings.write=true}.
 */
class SettingsDocumentationTest {

    private static final Path DOC = Path.of("docs", "configuration.md");
    private static final Pattern README_ROW = Pattern.compile("^\\| `(streamgate\\.[a-z0-9.-]+)` \\| ([^|]*) \\|", Pattern.MULTILINE);

    private final Map<String, JsonNode> settings = streamgateSettings();

    @Test
    void docsConfigurationIsGeneratedFromTheMetadata() throws IOException {
        String generated = generate();
        if (Boolean.getBoolean("settings.write")) {
            Files.writeString(DOC, generated);
        }
        assertThat(Files.readString(DOC)).as("docs/configuration.md; after a deliberate change run "
                + "./mvnw test -Dtest=SettingsDocumentationTest -Dsettings.write=true").isEqualTo(generated);
    }

    @Test
    void theReadmesSettingsAreSettingsWithTheirDefaults() throws IOException {
        Matcher row = README_ROW.matcher(Files.readString(Path.of("README.md")));
        int rows = 0;
        while (row.find()) {
            rows++;
            String name = row.group(1);
            assertThat(settings.containsKey(name)).as("README names %s, a setting of the app", name).isTrue();
            assertThat(row.group(2).strip()).as("README's default of %s", name).isEqualTo(shownDefault(settings.get(name)));
        }
        assertThat(rows).as("settings in the README's table").isGreaterThanOrEqualTo(5);
    }

    private String generate() {
        StringBuilder md = new StringBuilder("""
                # Configuration

                Every streamgate setting, its default and its meaning, generated from the properties classes
                (`./mvnw test -Dtest=SettingsDocumentationTest -Dsettings.write=true`; a test fails when this file
                and the code differ). Set any of them in `application.yml`, as `--name=value`, or as an
                environment variable (`streamgate.pipeline.trigger` → `STREAMGATE_PIPELINE_TRIGGER`). Spring Boot's
                own settings apply too, e.g. `spring.kafka.bootstrap-servers`.

                | Setting | Default | Meaning |
                |---|---|---|
                """);
        settings.forEach((name, property) -> md.append("| `").append(name).append("` | ").append(shownDefault(property))
                .append(" | ").append(description(property)).append(" |\n"));
        return md.toString();
    }

    private static String shownDefault(JsonNode property) {
        JsonNode value = property.get("defaultValue");
        if (value == null || value.isNull()) {
            return "–";
        }
        String text = value.isString() ? value.asString() : value.toString();
        return text.isEmpty() ? "*empty*" : "`" + text + "`";
    }

    private static String description(JsonNode property) {
        String text = property.path("description").asString("");
        return text.replaceAll("\\{@code ([^}]*)}", "`$1`").replaceAll("\\{@link ([^}]*)}", "`$1`")
                .replaceAll("\\s+", " ").replace("|", "\\|").strip();
    }

    /** The app's settings, by name, from the metadata its build wrote (other jars have metadata of their own). */
    private static Map<String, JsonNode> streamgateSettings() {
        Map<String, JsonNode> byName = new TreeMap<>();
        try {
            for (Resource metadata : new PathMatchingResourcePatternResolver()
                    .getResources("classpath*:META-INF/spring-configuration-metadata.json")) {
                try (InputStream in = metadata.getInputStream()) {
                    for (JsonNode property : JsonMapper.builder().build().readTree(in).path("properties")) {
                        String name = property.get("name").asString();
                        if (name.startsWith("streamgate.")) {
                            byName.put(name, property);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return byName;
    }
}
