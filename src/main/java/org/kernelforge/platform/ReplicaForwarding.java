package org.kernelforge.platform;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
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

/**
 * Sends a request that belongs to another replica ({@link RequestOwners}) to that replica, as it came: same method,
 * path, headers (the caller's credentials and cookies, Host and Origin) and body, WebSocket upgrades included, with
 * Vert.x's reverse proxy (vertx-http-proxy). The owner replica authenticates and authorizes the caller itself, exactly
 * as if the request had reached it first, so forwarding adds no trust between replicas. A forwarded request carries
 * {@value #FORWARDED_BY} and is never forwarded again (a stale owner cannot make requests loop); the header grants
 * nothing, so a client that sends it only keeps its request on the replica it reached.
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
    private HttpClient client;
    private List<RequestOwners> all = List.of();

    ReplicaForwarding(Instance<RequestOwners> owners, Replicas replicas, IdentityProviderManager identities, Vertx vertx) {
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

    /** The base URL of the live replica that must serve this request, or null for this one. */
    private String target(List<RequestOwners> concerned, String path, SecurityIdentity identity) {
        if (identity == null) {
            return null; // the credentials failed: the local answer says so
        }
        for (RequestOwners owner : concerned) {
            Optional<String> replica = owner.ownerOf(path, identity);
            if (replica.isPresent() && !replica.get().equals(replicas.self())) {
                return QuarkusTransaction.requiringNew().call(() -> replicas.liveUrlOf(replica.get())).orElse(null);
            }
        }
        return null;
    }

    private void forward(HttpServerRequest request, String baseUrl) {
        URI base = URI.create(baseUrl);
        boolean https = "https".equals(base.getScheme());
        int port = base.getPort() > 0 ? base.getPort() : https ? 443 : 80;
        LOG.debugf("forwarding %s %s to %s", request.method(), request.path(), baseUrl);
        HttpProxy proxy = HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(true), client);
        proxy.origin(proxyContext -> client.request(new RequestOptions()
                        .setServer(SocketAddress.inetSocketAddress(port, base.getHost())).setSsl(https))
                .map(outgoing -> {
                    if (request.authority() != null) {
                        // the caller's Host, so the owner compares a cookie request's Origin with it as this replica would
                        outgoing.authority(request.authority());
                    }
                    outgoing.putHeader(FORWARDED_BY, replicas.self());
                    return outgoing;
                }));
        proxy.handle(request);
    }
}
