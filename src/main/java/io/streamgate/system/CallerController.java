package io.streamgate.system;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Who the caller is and what it may do, so that a client (the console) offers only what will be
 * allowed. Needs no scope: with wrong credentials it is a 401 like any request, with none it names no
 * one and no scope.
 */
@RestController
@Tag(name = "caller", description = "Who the caller is and what it may do")
class CallerController {

    private final SecurityProperties security;
    private final ApiCredentials credentials;

    CallerController(SecurityProperties security, ApiCredentials credentials) {
        this.security = security;
        this.credentials = credentials;
    }

    /**
     * @param name    the key's name or the token's subject; null for a caller without credentials
     * @param scopes  what the caller may do
     * @param accepts the credentials the service takes; empty when the API is open to everyone
     */
    record Caller(String name, @ArraySchema(schema = @Schema(allowableValues = {"read", "produce", "operate"}))
                  List<String> scopes,
                  @ArraySchema(schema = @Schema(allowableValues = {"api-key", "bearer"})) List<String> accepts) {
    }

    @Operation(operationId = "getCaller", summary = "Who the caller is and what it may do",
            description = "The caller's name and scopes (read, produce, operate), and which credentials the service "
                    + "takes (an API key in X-API-Key, a bearer token). Needs no scope.")
    @ApiResponse(responseCode = "200", description = "The caller")
    @ApiResponse(responseCode = "401", description = "Wrong credentials")
    @GetMapping(path = "/me", produces = MediaType.APPLICATION_JSON_VALUE)
    Caller me(Authentication caller) {
        List<String> accepts = credentials.names();
        if (caller == null || caller instanceof AnonymousAuthenticationToken) {
            return new Caller(null, List.of(), accepts);
        }
        List<String> scopes = Arrays.stream(Scope.values())
                .filter(scope -> credentials.open() || security.scopes().grant(caller, scope))
                .map(scope -> scope.name().toLowerCase(Locale.ROOT)).toList();
        return new Caller(credentials.open() ? null : caller.getName(), scopes, accepts);
    }
}
