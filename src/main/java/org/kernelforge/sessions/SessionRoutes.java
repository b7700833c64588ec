package org.kernelforge.sessions;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.identity.LocalIdentityProviders;
import org.kernelforge.platform.RequestOwners;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request for one kernel (its REST endpoints and its {@code channels} WebSocket), or for one Jupyter session bound to
 * a kernel, is served by the replica running the kernel: only the owner's requests are sent there, so another user's request is answered here, with the same 404.
 */
@ApplicationScoped
class SessionRoutes implements RequestOwners {

    private static final Pattern KERNEL = Pattern.compile("/jupyter/api/kernels/([0-9a-f-]{36})(?:/.*)?");
    /** A Jupyter session (path-to-kernel binding): served where its kernel runs. */
    private static final Pattern BINDING = Pattern.compile("/jupyter/api/sessions/([0-9a-f-]{36})/?");

    private final SessionRecords records;
    private final JupyterSessions bindings;

    SessionRoutes(SessionRecords records, JupyterSessions bindings) {
        this.records = records;
        this.bindings = bindings;
    }

    @Override
    public boolean appliesTo(String path) {
        return path.startsWith("/jupyter/api/kernels/") && KERNEL.matcher(path).matches()
                || path.startsWith("/jupyter/api/sessions/") && BINDING.matcher(path).matches();
    }

    @Override
    public Optional<String> ownerOf(String path, SecurityIdentity identity) {
        Long userId = identity.isAnonymous() ? null : identity.getAttribute(LocalIdentityProviders.USER_ID);
        if (userId == null) {
            return Optional.empty();
        }
        Matcher kernel = KERNEL.matcher(path);
        Matcher binding = BINDING.matcher(path);
        Optional<String> kernelId = kernel.matches() ? Optional.of(kernel.group(1))
                : binding.matches() ? bindings.kernelOf(binding.group(1), userId).map(JupyterSessions.Binding::kernelId)
                : Optional.empty();
        return kernelId.flatMap(id -> records.live(id, userId)).filter(live -> !live.starting())
                .map(SessionRecords.Live::replicaId);
    }
}
