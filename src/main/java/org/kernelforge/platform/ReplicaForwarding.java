package org.kernelforge.platform;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Sends a request that belongs to another replica ({@link RequestOwners}) to that replica, as it came: same method,
 * path, headers (the caller's credentials and cookies, Host and Origin) and body, WebSocket upgrades included, with
 * Vert.x's reverse proxy (vertx-http-proxy). The owner replica authenticates and authorizes the caller itself, exactly
 * as if the request had reached it first, so forwarding adds no trust between replicas. A forwarded request carries
 * {@value #FORWARDED_BY} and is never forwarded again (a stale owner cannot make requests loop); the header grants
 * nothing, so a client that sends it only keeps its request on the replica it reached. When the owner does not answer
 * (connection refused or cut, no response head within {@link ForwardingConfig#answerTimeout()}), the caller gets a 503
 * problem with Retry-After ({@link UnansweredForwards}), a WebSocket upgrade a failed one.
 */
@ApplicationScoped
public class ReplicaForwarding {

    private static final Logger LOG = Logger.getLogger(ReplicaForwarding.class);
    /** The id of the replica that forwarded the request. */
    public static final String FORWARDED_BY = "X-Kernelforge-Forwarded-By";
    /**
     * After the security filters (Quarkus orders a filter at minus its priority: authentication -200, authorization
     * -100), before every endpoint: routes without an order of their own, as WebSockets Next's, get 0 and up.
     */
    private static final int ORDER = -50;

    private final Instance<RequestOwners> owners;
    private final Replicas replicas;
    private final IdentityProviderManager identities;
    private final Vertx vertx;
    private final ForwardingConfig config;
    private HttpClient client;
    private List<RequestOwners> all = List.of();

    ReplicaForwarding(Instance<RequestOwners> owners, Replicas replicas, IdentityProviderManager identities, Vertx vertx,
                      ForwardingConfig config) {
        this.config = config;
        this.owners = owners;
        this.replicas = replicas;
        this.identities = identities;
        this.vertx = vertx;
    }

    void routes(@Observes Router router) {
        client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000).setMaxPoolSize(32));
        all = owners.stream().toList();
        router.route().order(ORDER).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String path = request.path();
        if (request.headers().contains(FORWARDED_BY) || path == null) {
            ctx.next();
            return;
        }
        List<RequestOwners> concerned = all.stream().filter(o -> o.appliesTo(path)).toList();
        if (concerned.isEmpty()) {
            ctx.next();
            return;
        }
        Context context = vertx.getOrCreateContext();
        QuarkusHttpUser.getSecurityIdentity(ctx, identities)
                .onFailure().recoverWithNull()
                .subscribe().with(identity -> context.executeBlocking(() -> target(concerned, path, identity), false)
                        .onComplete(found -> {
                            if (found.failed()) {
                                LOG.warnf("could not tell which replica serves %s: %s", path, found.cause().toString());
                                ctx.next();
                            } else if (found.result() == null) {
                                ctx.next();
                            } else {
                                forward(request, found.result());
                            }
                        }));
    }

    /** The live replica that must serve a request: its id and base URL. */
    private record Target(String replica, String baseUrl) {
    }

    /** The live replica that must serve this request, or null for this one. */
    private Target target(List<RequestOwners> concerned, String path, SecurityIdentity identity) {
        if (identity == null) {
            return null; // the credentials failed: the local answer says so
        }
        for (RequestOwners owner : concerned) {
            Optional<String> replica = owner.ownerOf(path, identity);
            if (replica.isPresent() && !replica.get().equals(replicas.self())) {
                return QuarkusTransaction.requiringNew().call(() -> replicas.liveUrlOf(replica.get()))
                        .map(url -> new Target(replica.get(), url)).orElse(null);
            }
        }
        return null;
    }

    private void forward(HttpServerRequest request, Target target) {
        URI base = URI.create(target.baseUrl());
        boolean https = "https".equals(base.getScheme());
        int port = base.getPort() > 0 ? base.getPort() : https ? 443 : 80;
        LOG.debugf("forwarding %s %s to %s", request.method(), request.path(), target.baseUrl());
        RequestOptions options = new RequestOptions().setServer(SocketAddress.inetSocketAddress(port, base.getHost())).setSsl(https);
        UnansweredForwards unanswered = new UnansweredForwards(target.replica(), replicas.heartbeatTimeout().toSeconds());
        HttpProxy proxy = HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(true), client);
        if (isUpgrade(request)) {
            // connected first: the proxy would answer a refused connection with an empty 502
            client.request(options).onComplete(connected -> {
                if (connected.failed()) {
                    unanswered.answer(request, connected.cause());
                } else {
                    HttpClientRequest outgoing = marked(connected.result(), request);
                    proxy.origin(proxyContext -> Future.succeededFuture(outgoing));
                    proxy.handle(request);
                }
            });
            return;
        }
        proxy.origin(proxyContext -> client.request(options).map(outgoing -> answeredInTime(marked(outgoing, request))));
        proxy.addInterceptor(unanswered);
        proxy.handle(request);
    }

    private HttpClientRequest marked(HttpClientRequest outgoing, HttpServerRequest request) {
        if (request.authority() != null) {
            // the caller's Host, so the owner compares a cookie request's Origin with it as this replica would
            outgoing.authority(request.authority());
        }
        outgoing.putHeader(FORWARDED_BY, replicas.self());
        return outgoing;
    }

    /** Gives up on a request whose response head has not come within the answer timeout (a stream's head comes first). */
    private HttpClientRequest answeredInTime(HttpClientRequest outgoing) {
        long millis = config.answerTimeout().toMillis();
        long timer = vertx.setTimer(millis, id -> outgoing.reset(0, new TimeoutException("no answer within " + millis + " ms")));
        outgoing.response().onComplete(answered -> vertx.cancelTimer(timer));
        return outgoing;
    }

    private static boolean isUpgrade(HttpServerRequest request) {
        String upgrade = request.getHeader(HttpHeaders.UPGRADE);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }
}
