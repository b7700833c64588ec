package org.kernelforge.identity;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** Credentials the platform checks itself: a session cookie, or an API key sent as HTTP Basic. */
public final class LocalCredentials {

    private LocalCredentials() {
    }

    public static final class SessionToken extends BaseAuthenticationRequest {
        final String token;

        SessionToken(String token) {
            this.token = token;
        }
    }

    public static final class ApiKeyPair extends BaseAuthenticationRequest {
        final String username;
        final String key;

        ApiKeyPair(String username, String key) {
            this.username = username;
            this.key = key;
        }
    }
}
