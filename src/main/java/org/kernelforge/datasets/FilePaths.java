package org.kernelforge.datasets;

import org.kernelforge.platform.ProblemException;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The paths a file may have inside a dataset version: relative, '/'-separated, no '.' or '..' segments,
 * no control characters, at most 255 bytes per segment and 1024 bytes in all (UTF-8).
 */
final class FilePaths {

    static final int MAX_SEGMENT_BYTES = 255;
    static final int MAX_PATH_BYTES = 1024;
    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");

    private FilePaths() {
    }

    /** The path unchanged if it is safe; otherwise a 400 that says which file ({@code where}) and why. */
    static String check(String path, String where) {
        if (path == null || path.isEmpty()) {
            throw invalid(where, "has no name");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw invalid(where, "contains a control character (code " + (int) c + ")");
            }
        }
        if (path.indexOf('\\') >= 0) {
            throw invalid(where, "contains '\\'; use '/' between folder names");
        }
        if (path.startsWith("/") || DRIVE.matcher(path).matches()) {
            throw invalid(where, "is an absolute path; paths must be relative to the dataset");
        }
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw invalid(where, "is longer than " + MAX_PATH_BYTES + " bytes");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) {
                throw invalid(where, "has an empty folder or file name");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw invalid(where, "contains a '" + segment + "' segment; paths may not leave or refer to their folder");
            }
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                throw invalid(where, "has a folder or file name longer than " + MAX_SEGMENT_BYTES + " bytes");
            }
        }
        return path;
    }

    /** A path that is a file and also the folder of another file ("a" and "a/b.csv") could not be extracted. */
    static void checkNoFileIsAFolder(Collection<String> paths) {
        Set<String> all = new HashSet<>(paths);
        for (String path : paths) {
            for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                String folder = path.substring(0, slash);
                if (all.contains(folder)) {
                    throw ProblemException.badRequest("file", "'" + folder + "' is a file and also the folder of '" + path
                            + "'; rename one of them");
                }
            }
        }
    }

    private static ProblemException invalid(String where, String why) {
        return ProblemException.badRequest("file", where + " " + why);
    }
}
