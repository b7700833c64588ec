package org.kernelforge.datasets;

import org.jboss.logging.Logger;
import org.kernelforge.platform.ProblemException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The validated files of one upload on local disk, by their path in the version. Files extracted from
 * archives live in a private temporary folder that {@link #close()} deletes, whatever happened.
 */
final class StagedFiles implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StagedFiles.class);

    /**
     * A file ready to be stored: its path in the version, its bytes on disk or (sha256 set) already in the blob
     * store, where it came from (for messages).
     */
    record Staged(String path, Path local, long size, String sha256, String source) {
    }

    private final Path tempRoot;
    private Path dir;
    private int counter;
    private final Map<String, Staged> byPath = new LinkedHashMap<>();

    StagedFiles(Path tempRoot) {
        this.tempRoot = tempRoot;
    }

    /** A new empty file in this upload's temporary folder. */
    Path newTempFile() {
        try {
            if (dir == null) {
                Files.createDirectories(tempRoot);
                dir = Files.createTempDirectory(tempRoot, "upload-" + UUID.randomUUID() + "-");
            }
            return Files.createFile(dir.resolve("entry-" + (++counter)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void add(String path, Path local, long size, String source) {
        add(path, local, size, null, source);
    }

    void add(String path, Path local, long size, String sha256, String source) {
        Staged earlier = byPath.get(path);
        if (earlier != null) {
            throw ProblemException.badRequest("file", "The path '" + path + "' appears twice: in " + earlier.source()
                    + " and in " + source + "; every file of a version needs its own path");
        }
        byPath.put(path, new Staged(path, local, size, sha256, source));
    }

    List<Staged> files() {
        return new ArrayList<>(byPath.values());
    }

    List<String> paths() {
        return new ArrayList<>(byPath.keySet());
    }

    @Override
    public void close() {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.warnf("Could not delete temporary file %s: %s", p, e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.warnf("Could not clean temporary folder %s: %s", dir, e.getMessage());
        }
    }
}
