package io.streamgate;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The whole app started and stopped by a test, as often as it likes, on folders the test chooses. */
public final class RunningApp implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    public final Api api;

    private RunningApp(ConfigurableApplicationContext context) {
        this.context = context;
        this.api = new Api(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    public static RunningApp start(String bootstrapServers, Path dataDir, Map<String, String> extra) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.profiles.active=test",
                "--spring.kafka.bootstrap-servers=" + bootstrapServers,
                "--server.port=0",
                "--streamgate.pipeline.checkpoint-dir=" + dataDir.resolve("checkpoints"),
                "--streamgate.pipeline.archive.path=" + dataDir.resolve("archive")));
        extra.forEach((name, value) -> args.add("--" + name + "=" + value));
        return new RunningApp(new SpringApplicationBuilder(StreamgateApplication.class).run(args.toArray(String[]::new)));
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
