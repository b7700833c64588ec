package org.kernelforge.runs;

/**
 * One line a kernel printed, without its line break.
 *
 * @param stream        {@code stdout} or {@code stderr}
 * @param offsetSeconds seconds since the container started (from the engine's timestamps)
 * @param text          the line's text
 */
public record LogLine(String stream, double offsetSeconds, String text) {

    public static final String STDOUT = "stdout";
    public static final String STDERR = "stderr";
}
