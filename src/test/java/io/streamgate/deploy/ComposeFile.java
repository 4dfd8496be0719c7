package io.streamgate.deploy;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** docker-compose.yml as data, with YAML anchors and merge keys resolved the way Compose resolves them. */
record ComposeFile(Map<String, Object> root) {

    static ComposeFile load() {
        try (Reader reader = Files.newBufferedReader(Path.of("docker-compose.yml"))) {
            return new ComposeFile(new Yaml(new LoaderOptions()).load(reader));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Map<String, Object> services() {
        return map(root, "services");
    }

    Map<String, Object> service(String name) {
        return map(services(), name);
    }

    Map<String, String> environment(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        map(service(service), "environment").forEach((name, value) -> env.put(name, String.valueOf(value)));
        return env;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (!(value instanceof Map)) {
            throw new AssertionError("'" + key + "' is not a mapping in docker-compose.yml: " + value);
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value instanceof List ? (List<Object>) value : List.of();
    }
}
