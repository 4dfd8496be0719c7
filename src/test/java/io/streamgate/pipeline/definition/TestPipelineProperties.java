package io.streamgate.pipeline.definition;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.util.Map;

/** PipelineProperties as Spring Boot binds them: the declared defaults, with the given settings on top. */
public final class TestPipelineProperties {

    private TestPipelineProperties() {
    }

    public static PipelineProperties with(Map<String, String> settings) {
        MapConfigurationPropertySource source = new MapConfigurationPropertySource();
        settings.forEach((name, value) -> source.put("streamgate.pipeline." + name, value));
        return new Binder(source).bindOrCreate("streamgate.pipeline", PipelineProperties.class);
    }
}
