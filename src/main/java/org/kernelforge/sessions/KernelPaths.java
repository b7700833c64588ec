package org.kernelforge.sessions;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads which Kernelforge kernel a Jupyter client names by its {@code path}: "owner/slug", also written
 * "/owner/slug" or "owner/slug.ipynb" as notebook clients do. Any other path (a client's own file name) names none.
 */
final class KernelPaths {

    /** A kernel's owner and slug. */
    record KernelRef(String owner, String slug) {
    }

    private static final Pattern REF = Pattern.compile("/?([a-z0-9][a-z0-9_-]{2,38})/([a-z0-9][a-z0-9-]{2,49})(?:\\.ipynb)?");

    private KernelPaths() {
    }

    static Optional<KernelRef> parse(String path) {
        if (path == null) {
            return Optional.empty();
        }
        Matcher m = REF.matcher(path.strip());
        return m.matches() ? Optional.of(new KernelRef(m.group(1), m.group(2))) : Optional.empty();
    }
}
