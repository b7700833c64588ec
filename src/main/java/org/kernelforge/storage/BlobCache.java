package org.kernelforge.storage;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.kernelforge.platform.PlatformConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Blobs on this server's own disk, named by sha256: kernel inputs are hard-linked from here, and
 * downloads of a cached blob are sent straight from the file. Filled when content passes through the
 * server anyway (uploads) or is needed on the host (inputs); the least recently used files go once the
 * cache is over its size. Files are read-only; hard links made from them outlive their eviction.
 */
@ApplicationScoped
public class BlobCache {

    private static final Logger LOG = Logger.getLogger(BlobCache.class);

    private final Path root;
    private final StorageConfig config;

    public BlobCache(PlatformConfig platform, StorageConfig config) {
        // a copy of one bucket's blobs: a server pointed at another bucket must not take them as stored there
        this.root = platform.dataDir().toAbsolutePath().resolve("cache").resolve("blobs").resolve(config.bucket());
        this.config = config;
    }

    /** The cached file of a blob, if this server has it; marks it as used. */
    public Optional<Path> find(String sha256) {
        Path file = path(sha256);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException ignored) {
            // only the eviction order suffers
        }
        return Optional.of(file);
    }

    /** Whether this server has the blob cached (without marking it as used). */
    boolean holds(String sha256) {
        return Files.isRegularFile(path(sha256));
    }

    /** The cached file of a blob, fetched from the object store first if needed. */
    public Path fetch(String sha256, BlobStore blobs) throws IOException {
        Optional<Path> cached = find(sha256);
        if (cached.isPresent()) {
            return cached.get();
        }
        Path partial = partialFor(sha256);
        try (InputStream in = blobs.open(sha256)) {
            Files.copy(in, partial);
        }
        return settle(partial, sha256);
    }

    /**
     * Keeps a local file the server already holds with the given content (a spooled upload) as the cached
     * copy of its blob, by hard link; nothing is copied, and a file on another filesystem is skipped.
     */
    public void adopt(Path file, String sha256) {
        if (config.cacheMaxBytes() <= 0 || Files.exists(path(sha256))) {
            return;
        }
        try {
            Path partial = partialFor(sha256);
            Files.createLink(partial, file);
            settle(partial, sha256);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debugf("Not caching %s: %s", sha256, e.getMessage());
        }
    }

    /** Keeps small content the server holds in memory (a kernel's source) as the cached copy of its blob. */
    public void keep(byte[] content, String sha256) {
        if (config.cacheMaxBytes() <= 0 || Files.exists(path(sha256))) {
            return;
        }
        try {
            Path partial = partialFor(sha256);
            Files.write(partial, content);
            settle(partial, sha256);
        } catch (IOException e) {
            LOG.debugf("Not caching %s: %s", sha256, e.getMessage());
        }
    }

    /**
     * A cache file written while content of a not yet known sha256 passes through the server (a streamed upload);
     * null when uploads are not cached.
     */
    public Entry newEntry() {
        if (config.cacheMaxBytes() <= 0) {
            return null;
        }
        try {
            Path dir = Files.createDirectories(root.resolve("incoming"));
            Path partial = dir.resolve("upload.partial-" + UUID.randomUUID());
            return new Entry(partial, Files.newOutputStream(partial));
        } catch (IOException e) {
            LOG.debugf("Not caching an upload: %s", e.getMessage());
            return null;
        }
    }

    /** A cache file being written; a failed write only means the blob is not cached. */
    public final class Entry implements AutoCloseable {
        private final Path partial;
        private final OutputStream out;
        private boolean failed;

        private Entry(Path partial, OutputStream out) {
            this.partial = partial;
            this.out = out;
        }

        public void write(byte[] bytes, int offset, int length) {
            if (failed) {
                return;
            }
            try {
                out.write(bytes, offset, length);
            } catch (IOException e) {
                failed = true;
                LOG.debugf("Not caching an upload: %s", e.getMessage());
            }
        }

        /** The content was complete: it becomes the cached copy of its blob. */
        public void keep(String sha256) {
            try {
                out.close();
                if (!failed && !Files.exists(path(sha256))) {
                    Files.createDirectories(path(sha256).getParent());
                    settle(partial, sha256);
                }
            } catch (IOException e) {
                LOG.debugf("Not caching %s: %s", sha256, e.getMessage());
            } finally {
                close();
            }
        }

        /** Deletes the file unless it was kept. */
        @Override
        public void close() {
            try {
                out.close();
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                LOG.debugf("Could not delete %s: %s", partial, e.getMessage());
            }
        }
    }

    private Path partialFor(String sha256) throws IOException {
        Path dir = Files.createDirectories(path(sha256).getParent());
        return dir.resolve(sha256 + ".partial-" + System.nanoTime());
    }

    private Path settle(Path partial, String sha256) throws IOException {
        Path cached = path(sha256);
        try {
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("r--r--r--"));
            Files.move(partial, cached, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException raced) {
            // another request cached the same content first
        } finally {
            Files.deleteIfExists(partial);
        }
        return cached;
    }

    private Path path(String sha256) {
        BlobStore.key(sha256); // validates the name
        return root.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    /** Evicts the least recently used files until the cache is within its size. */
    @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void evict() {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> files = new ArrayList<>(walk.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().contains(".partial-")).toList());
            long total = 0;
            for (Path f : files) {
                total += Files.size(f);
            }
            if (total <= config.cacheMaxBytes()) {
                return;
            }
            files.sort(Comparator.comparing(BlobCache::lastUsed));
            for (Path f : files) {
                if (total <= config.cacheMaxBytes() * 9 / 10) {
                    break;
                }
                total -= Files.size(f);
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileTime lastUsed(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
