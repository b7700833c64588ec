package org.kernelforge.web;

import io.vertx.core.http.HttpServerRequest;

import java.util.Optional;

/**
 * The person behind a request, as the shared layout and the form tokens need them. The layout sits below the
 * features and knows nothing of accounts: the identity feature provides this.
 */
public interface Visitor {

    /** The signed-in user's name, if any. */
    Optional<String> username();

    /** A value that stays the same for one browser session (its session cookie's), or null when it has none. */
    String sessionOf(HttpServerRequest request);
}
