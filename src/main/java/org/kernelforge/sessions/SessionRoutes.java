package org.kernelforge.sessions;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.identity.LocalIdentityProviders;
import org.kernelforge.platform.RequestOwners;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request for one kernel (its REST endpoints and its {@code channels} WebSocket) is served by the replica running
 * it: only the owner's requests are sent there, so another user's request is answered here, with the same 404.
 */
@ApplicationScoped
class SessionRoutes implements RequestOwners {

    private static final Pattern KERNEL = Pattern.compile("/jupyter/api/kernels/([0-9a-f-]{36})(?:/.*)?");

    private final SessionRecords records;

    SessionRoutes(SessionRecords records) {
        this.records = records;
    }

    @Override
    public boolean appliesTo(String path) {
        return path.startsWith("/jupyter/api/kernels/") && KERNEL.matcher(path).matches();
    }

    @Override
    public Optional<String> ownerOf(String path, SecurityIdentity identity) {
        Matcher m = KERNEL.matcher(path);
        Long userId = identity.isAnonymous() ? null : identity.getAttribute(LocalIdentityProviders.USER_ID);
        if (!m.matches() || userId == null) {
            return Optional.empty();
        }
        return records.live(m.group(1), userId).filter(live -> !live.starting()).map(SessionRecords.Live::replicaId);
    }
}
