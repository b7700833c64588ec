package org.kernelforge.kaggle;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * Redirects for Kaggle's client: 302 (which it follows with a GET; 307 would repeat the POST) to a relative
 * location, so that it stays on the host and port the client called and keeps its credentials.
 */
final class Redirects {

    private Redirects() {
    }

    static Response to(String path) {
        return Response.status(Response.Status.FOUND).header(HttpHeaders.LOCATION, path).build();
    }
}
