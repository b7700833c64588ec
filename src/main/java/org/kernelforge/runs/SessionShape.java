package org.kernelforge.runs;

import java.util.Map;

/**
 * What a session container fixes when it is created, so a container made ahead of time can only become a session of
 * the same shape: image, language (the kernel running in it), environment, the limits the engine enforces, labels.
 * The lifetime is not part of it (counted
 * from the hand-over), nor are inputs and working folder (mounted at the hand-over); a session with internet is never
 * warm. A session may carry more labels than the container made for its shape (say, its owner's); those are then not
 * on its container.
 */
public record SessionShape(String image, Map<String, String> env, long memoryBytes, double cpus, long pids, long shmBytes,
                           long scratchBytes, Map<String, String> labels, Language language) {

    public SessionShape {
        env = Map.copyOf(env);
        labels = Map.copyOf(labels);
        language = language == null ? Language.PYTHON : language;
    }

    /** Whether a container made for this shape can serve a session of {@code wanted}: all but labels equal, and the
     * session's labels include the container's. */
    public boolean serves(SessionShape wanted) {
        return image.equals(wanted.image) && language == wanted.language && env.equals(wanted.env)
                && memoryBytes == wanted.memoryBytes
                && cpus == wanted.cpus && pids == wanted.pids && shmBytes == wanted.shmBytes
                && scratchBytes == wanted.scratchBytes && wanted.labels.entrySet().containsAll(labels.entrySet());
    }

    /** The shape of {@code spec}, or null when such a session cannot use a warm container. */
    public static SessionShape of(SessionSpec spec) {
        if (spec.internet()) {
            return null;
        }
        RunLimits limits = spec.limits();
        return new SessionShape(spec.image(), spec.env(), limits.memoryBytes(), limits.cpus(), limits.pids(),
                limits.shmBytes(), limits.scratchBytes(), spec.labels(), spec.language());
    }
}
