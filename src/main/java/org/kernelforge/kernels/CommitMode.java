package org.kernelforge.kernels;

import java.util.Locale;
import java.util.Optional;

/** Save & Run All (the default), or Quick Save: a version of the source that does not run. */
public enum CommitMode {
    RUN, QUICK;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<CommitMode> parse(String id) {
        if (id == null || id.isBlank()) {
            return Optional.of(RUN);
        }
        for (CommitMode m : values()) {
            if (m.id().equals(id)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
