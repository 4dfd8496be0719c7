package io.streamgate.system;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    private static final String API_KEY = "apiKey";

    @Bean
    OpenAPI streamgateOpenApi() {
        return new OpenAPI().info(new Info()
                        .title("streamgate")
                        .version("v1")
                        .description("""
                                Publish messages to Kafka and run a Spark Structured Streaming query over them.
                                Errors are RFC 9457 problem details (application/problem+json).
                                When streamgate.security.api-key is set, /messages and /queries need it in the
                                X-API-Key header (the Authorize button)."""))
                .components(new Components().addSecuritySchemes(API_KEY, new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER)
                        .name(SecurityConfiguration.API_KEY_HEADER)))
                .addSecurityItem(new SecurityRequirement().addList(API_KEY));
    }
}
