package org.kernelforge.kaggle;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.kernels.LiveLogOwners;
import org.kernelforge.platform.RequestOwners;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code kaggle kernels logs --follow} of a version another replica runs is served by that replica. */
@ApplicationScoped
class LogStreamRoutes implements RequestOwners {

    private static final Pattern STREAM = Pattern.compile("/api/v1/kernels/logs/stream/([^/]+)/([^/]+)");

    private final LiveLogOwners owners;

    LogStreamRoutes(LiveLogOwners owners) {
        this.owners = owners;
    }

    @Override
    public boolean appliesTo(String path) {
        return path.startsWith("/api/v1/kernels/logs/stream/");
    }

    @Override
    public Optional<String> ownerOf(String path, SecurityIdentity identity) {
        Matcher m = STREAM.matcher(path);
        return m.matches() ? owners.replicaFor(m.group(1), m.group(2), "latest", identity) : Optional.empty();
    }
}
