package org.kernelforge.sessions;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.kernelforge.identity.LocalIdentityProviders;

/**
 * Decides at the handshake, before any 101, who may open a kernel's {@code channels} WebSocket: only its owner (anyone
 * else gets 404, as for the REST API), by API key ({@code Authorization: token KEY} or {@code ?token=KEY}) or by
 * session cookie from a page of this server (403 from any other Origin).
 */
@ApplicationScoped
public class ChannelsUpgradeCheck implements HttpUpgradeCheck {

    private static final Logger LOG = Logger.getLogger(ChannelsUpgradeCheck.class);
    /** The owner's id, handed from the handshake to the connection. */
    static final UserData.TypedKey<Long> OWNER = UserData.TypedKey.forLong("kernelforge.session-owner");

    private final SessionRegistry registry;
    private final ServerOrigin origins;

    ChannelsUpgradeCheck(SessionRegistry registry, ServerOrigin origins) {
        this.registry = registry;
        this.origins = origins;
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return KernelChannels.class.getName().equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        HttpServerRequest request = context.httpRequest();
        // any cookie: the platform's own session or Keycloak's
        boolean byCookie = !ServerOrigin.carriesKey(request) && request.getHeader("Cookie") != null;
        if (byCookie && !origins.isThisServer(request.getHeader("Origin"), request)) {
            LOG.debugf("refused a cookie WebSocket from origin %s", request.getHeader("Origin"));
            return CheckResult.rejectUpgrade(403);
        }
        String kernelId = context.pathParam("id");
        return context.securityIdentity()
                .map(identity -> decide(identity, kernelId, context))
                .onFailure().recoverWithItem(failure -> CheckResult.rejectUpgradeSync(401));
    }

    private CheckResult decide(SecurityIdentity identity, String kernelId, HttpUpgradeContext context) {
        Long userId = identity == null || identity.isAnonymous() ? null : identity.getAttribute(LocalIdentityProviders.USER_ID);
        if (userId == null) {
            return CheckResult.rejectUpgradeSync(401);
        }
        if (registry.find(kernelId, userId).isEmpty()) {
            return CheckResult.rejectUpgradeSync(404);
        }
        context.userData().put(OWNER, userId);
        return CheckResult.permitUpgradeSync();
    }
}
