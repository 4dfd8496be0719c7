package io.streamgate.pipeline;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.util.Map;

/** PipelineProperties as Spring Boot binds them: the declared defaults, with the given settings on top. */
final class TestPipelineProperties {

    private TestPipelineProperties() {
    }

    static PipelineProperties with(Map<String, String> settings) {
        MapConfigurationPropertySource source = new MapConfigurationPropertySource();
        settings.forEach((name, value) -> source.put("streamgate.pipeline." + name, value));
        return new Binder(source).bindOrCreate("streamgate.pipeline", PipelineProperties.class);
    }
}
