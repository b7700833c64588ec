package org.kernelforge.environments;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The logs of builds under way, in memory, as apt prints them; a build's log is stored with its version at its end. */
@ApplicationScoped
public class BuildLogs {

    /** Longest log kept: apt's output for hundreds of packages is far less. */
    static final int MAX_CHARS = 4 * 1024 * 1024;

    private final Map<Long, StringBuffer> live = new ConcurrentHashMap<>();

    void open(long versionId) {
        live.put(versionId, new StringBuffer());
    }

    void append(long versionId, String text) {
        StringBuffer log = live.get(versionId);
        if (log != null && log.length() < MAX_CHARS) {
            log.append(text, 0, Math.min(text.length(), MAX_CHARS - log.length()));
        }
    }

    /** The whole live log of a build under way. */
    Optional<String> text(long versionId) {
        StringBuffer log = live.get(versionId);
        return log == null ? Optional.empty() : Optional.of(log.toString());
    }

    void close(long versionId) {
        live.remove(versionId);
    }
}
