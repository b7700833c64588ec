package org.kernelforge.platform;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import org.jboss.logging.Logger;

/**
 * The answer to a forwarded request whose owner replica stopped answering between the forwarding decision and the
 * request (connection refused or cut, no answer in time): a 503 problem with Retry-After, which says when to try again,
 * instead of the proxy's empty 502. By then the replica has beaten again, or is dead to the others, which take over
 * its work (its runs go on elsewhere, its sessions end), and the request is served accordingly.
 */
final class UnansweredForwards implements ProxyInterceptor {

    private static final Logger LOG = Logger.getLogger(UnansweredForwards.class);

    private final String replica;
    private final long retryAfterSeconds;

    UnansweredForwards(String replica, long retryAfterSeconds) {
        this.replica = replica;
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        return context.sendRequest().recover(failure -> {
            LOG.infof("forwarding %s %s to replica %s failed: %s", context.request().getMethod(),
                    context.request().proxiedRequest().path(), replica, failure.toString());
            return Future.succeededFuture(context.request().release().response().setStatusCode(503)
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .putHeader("Retry-After", String.valueOf(retryAfterSeconds))
                    .setBody(Body.body(problem())));
        });
    }

    /** Answers a request that was not handed to the proxy (a WebSocket upgrade whose connection was refused). */
    void answer(HttpServerRequest request, Throwable failure) {
        LOG.infof("forwarding %s %s to replica %s failed: %s", request.method(), request.path(), replica, failure.toString());
        request.response().setStatusCode(503).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader("Retry-After", String.valueOf(retryAfterSeconds)).end(problem());
    }

    private Buffer problem() {
        return new JsonObject().put("type", "about:blank").put("title", "Service unavailable").put("status", 503)
                .put("detail", "The server replica running this (replica " + replica + ") stopped answering. Try again in "
                        + retryAfterSeconds + " s: by then it has answered again, or another replica has taken over its work"
                        + " (its runs go on there, its interactive sessions have ended).")
                .toBuffer();
    }
}
