package org.kernelforge.kernels;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.platform.RequestOwners;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version's log (JSON, plain text, download, SSE) and the version page's live log lines, while another replica runs
 * the version and its log file is not readable here, are served by that replica.
 */
@ApplicationScoped
class LiveLogRoutes implements RequestOwners {

    private static final Pattern LOG = Pattern.compile(
            "/(?:api/)?kernels/([^/]+)/([^/]+)/versions/([^/]+)/(?:log|log\\.txt|log-lines)");

    private final LiveLogOwners owners;

    LiveLogRoutes(LiveLogOwners owners) {
        this.owners = owners;
    }

    @Override
    public boolean appliesTo(String path) {
        return path.endsWith("log") || path.endsWith("log.txt") || path.endsWith("log-lines")
                ? LOG.matcher(path).matches() : false;
    }

    @Override
    public Optional<String> ownerOf(String path, SecurityIdentity identity) {
        Matcher m = LOG.matcher(path);
        return m.matches() ? owners.replicaFor(m.group(1), m.group(2), m.group(3), identity) : Optional.empty();
    }
}
