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

    /** An API key alone, as Jupyter clients send it: {@code Authorization: token KEY} or {@code ?token=KEY}. */
    public static final class ApiKeyToken extends BaseAuthenticationRequest {
        final String key;

        ApiKeyToken(String key) {
            this.key = key;
        }
    }
}
