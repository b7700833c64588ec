package org.kernelforge.sessions;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.platform.PlatformConfig;

import java.net.URI;

/**
 * Tells requests that carry the browser's session cookie from another site apart: a page elsewhere could otherwise
 * open a kernel's WebSocket (or restart it) with the user's cookie. Requests that carry an API key are not at risk:
 * no site can make a browser send it.
 */
@ApplicationScoped
class ServerOrigin {

    private final String publicAuthority;

    ServerOrigin(PlatformConfig platform) {
        this.publicAuthority = authority(platform.publicUrl());
    }

    /** Whether the request names its credentials itself (an API key in a header or the query), not by cookie. */
    static boolean carriesKey(HttpServerRequest request) {
        String token = request.getParam("token");
        return request.getHeader("Authorization") != null || (token != null && !token.isBlank());
    }

    /** Whether Origin names this server (as the request reached it, or at its public address). */
    boolean isThisServer(String origin, HttpServerRequest request) {
        String authority = authority(origin);
        String host = request.getHeader("Host");
        return authority != null && (authority.equalsIgnoreCase(host) || authority.equalsIgnoreCase(publicAuthority));
    }

    private static String authority(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            return URI.create(url.strip()).getAuthority();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
