package org.kernelforge.runs;

import java.util.regex.Pattern;

/**
 * Keeps the server's own file paths out of what users read: a platform failure's message often carries one
 * (an exception about /var/lib/kernelforge/runs/...). Paths inside the kernel's container (/kaggle/...) stay.
 */
public final class HostPaths {

    /** An absolute path of two or more segments that does not continue a word, a URL or a container path. */
    private static final Pattern HOST_PATH = Pattern.compile("(?<![\\w.:/~-])/(?!kaggle/|kaggle\\b)[^\\s'\"(),;:]*/[^\\s'\"(),;:]*");

    private HostPaths() {
    }

    public static String hidden(String message) {
        return message == null ? null : HOST_PATH.matcher(message).replaceAll("(a path on the server)");
    }
}
