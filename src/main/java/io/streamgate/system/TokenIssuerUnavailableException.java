package io.streamgate.system;

import org.springframework.security.core.AuthenticationException;

/**
 * The token issuer's keys could not be fetched (the issuer is down or unreachable): the token was not
 * judged, so the caller gets a 503, not a 401 that would call its token wrong.
 */
class TokenIssuerUnavailableException extends AuthenticationException {

    TokenIssuerUnavailableException(Throwable cause) {
        super("The token issuer cannot be reached to check the token; try again later", cause);
    }
}
