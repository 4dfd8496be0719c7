package io.streamgate.system;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.converter.ResolvedSchema;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;
import java.util.Map;

/**
 * The OpenAPI document, {@code /v3/api-docs}, kept as docs/openapi.json. Controllers describe what they
 * answer on success and which errors they meet; here every error response gets the one {@code Problem}
 * schema, and the errors every operation can meet (a missing API key, a body too large or of the wrong
 * type) are added where they apply, so that no controller repeats them.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    private static final String API_KEY = "apiKey";
    private static final String BEARER = "bearerToken";
    static final String PROBLEM_JSON = "application/problem+json";
    private static final String PROBLEM = "Problem";
    private static final String JSON_NODE = "JsonNode";
    private static final String JSON_NODE_REF = "#/components/schemas/" + JSON_NODE;

    @Bean
    OpenAPI streamgateOpenApi() {
        return new OpenAPI().info(new Info()
                        .title("streamgate")
                        .version("v1")
                        .license(new License().name("Apache-2.0").url("https://www.apache.org/licenses/LICENSE-2.0"))
                        .description("""
                                Publish messages to Kafka, run Spark Structured Streaming queries over them, and ask
                                the archive of every record with SQL.
                                Errors are RFC 9457 problem details (application/problem+json).
                                With security on, /messages, /queries, /topics, /streams, /tables and /archive need an
                                API key (X-API-Key) or an OAuth2 bearer token (JWT) with the scope of the call:
                                streamgate:read for every GET and for POST /archive/query, streamgate:produce for
                                POST /messages, streamgate:operate for the rest."""))
                .servers(List.of(new Server().url("/").description("the service itself (./mvnw spring-boot:run: http://localhost:8080)")))
                .components(new Components()
                        .addSecuritySchemes(API_KEY, new SecurityScheme()
                                .type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER)
                                .name(SecurityConfiguration.API_KEY_HEADER))
                        .addSecuritySchemes(BEARER, new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList(API_KEY))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /**
     * A {@code JsonNode} in the API (a message's value) is any JSON value: a schema with no type, as JSON
     * Schema writes "anything", not the object with no properties springdoc makes of Jackson's class.
     */
    @Bean
    OpenApiCustomizer anyJsonValue() {
        return openApi -> {
            Map<String, Schema> schemas = openApi.getComponents().getSchemas();
            if (schemas.remove(JSON_NODE) == null) {
                return;
            }
            schemas.values().forEach(schema -> {
                Map<String, Schema> properties = schema.getProperties();
                if (properties != null) {
                    properties.replaceAll((name, property) -> (JSON_NODE_REF).equals(property.get$ref())
                            ? new Schema<>().description(property.getDescription()) : property);
                }
            });
        };
    }

    /** An event stream's body is text (each operation describes its events); Spring's emitter class is no schema. */
    @Bean
    OpenApiCustomizer noEmitterSchema() {
        return openApi -> openApi.getComponents().getSchemas().remove("SseEmitter");
    }

    @Bean
    OpenApiCustomizer problemsEverywhere() {
        return openApi -> {
            ResolvedSchema problem = ModelConverters.getInstance()
                    .resolveAsResolvedSchema(new AnnotatedType(ProblemSchema.class).resolveAsRef(false));
            openApi.getComponents().addSchemas(PROBLEM, problem.schema);
            problem.referencedSchemas.forEach(openApi.getComponents()::addSchemas);
            openApi.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> {
                if (Scope.scoped(path)) {
                    addIfAbsent(operation, "401", "No API key or bearer token, or a wrong, expired or foreign one (with security on)");
                    addIfAbsent(operation, "403", "The key or token lacks the scope of the call (with security on)");
                }
                if (operation.getRequestBody() != null) {
                    addIfAbsent(operation, "413", "The body is over streamgate.api.max-body-size (1 MiB)");
                    addIfAbsent(operation, "415", "The body is not of a content type the operation takes");
                }
                operation.getResponses().forEach((code, response) -> {
                    if (code.charAt(0) == '4' || code.charAt(0) == '5') {
                        response.setContent(problemContent(response.getContent()));
                    }
                });
            }));
        };
    }

    private static void addIfAbsent(Operation operation, String code, String description) {
        ApiResponses responses = operation.getResponses();
        if (!responses.containsKey(code)) {
            responses.addApiResponse(code, new ApiResponse().description(description));
        }
    }

    /** The Problem schema, keeping the examples a controller gave. */
    private static Content problemContent(Content given) {
        MediaType problem = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM));
        if (given != null) {
            given.values().stream().filter(media -> media.getExamples() != null || media.getExample() != null)
                    .findFirst().ifPresent(media -> {
                        if (media.getExamples() != null) {
                            problem.examples(media.getExamples());
                        } else {
                            problem.example(media.getExample());
                        }
                    });
        }
        return new Content().addMediaType(PROBLEM_JSON, problem);
    }
}
