package io.streamgate.system;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI streamgateOpenApi() {
        return new OpenAPI().info(new Info()
                .title("streamgate")
                .version("v1")
                .description("""
                        Publish messages to Kafka and run a Spark Structured Streaming query over them.
                        Errors are RFC 9457 problem details (application/problem+json)."""));
    }
}
