package org.kernelforge.runs;

import org.jboss.logging.Logger;
import org.kernelforge.platform.FileTrees;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Size-capped filesystems made ahead of time, so a run does not wait for mkfs and mount: each is a
 * fresh ext4 image, formatted and loop-mounted in the background under this server's own directory,
 * and handed to exactly one run, whose directory it is then moved onto ({@code mount --move}); its
 * image file is renamed into the run's directory, so releasing the run removes it as before.
 * Where mounts cannot be moved (a mount under shared propagation, as systemd sets up), the images
 * are kept formatted but unmounted, and mounted when taken.
 *
 * <p>Only the sizes given to the constructor are prepared. Leftovers of a server that died are
 * unmounted and deleted when the next one starts.
 */
final class PreparedFilesystems implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PreparedFilesystems.class);

    /** A formatted, never used image; mounted at {@code mountPoint} unless that is null. */
    private record Prepared(Path image, Path mountPoint) {
    }

    private final Path dir;
    private final int perSize;
    private final Map<Long, ConcurrentLinkedDeque<Prepared>> ready = new ConcurrentHashMap<>();
    private final AtomicBoolean moveUnavailable = new AtomicBoolean();
    private final AtomicBoolean refillPending = new AtomicBoolean();
    private final AtomicBoolean failedBefore = new AtomicBoolean();
    private final AtomicLong names = new AtomicLong();
    private final ExecutorService filler = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "run-filesystem-preparer");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    /** Keeps {@code perSize} filesystems ready of each of {@code sizes} bytes, under {@code parent}. */
    PreparedFilesystems(Path parent, int perSize, List<Long> sizes) {
        this.dir = parent.toAbsolutePath().normalize().resolve(String.valueOf(ProcessHandle.current().pid()));
        this.perSize = perSize;
        sizes.forEach(size -> ready.put(size, new ConcurrentLinkedDeque<>()));
        filler.execute(() -> removeLeftovers(parent.toAbsolutePath().normalize()));
        refill();
    }

    /**
     * Puts a prepared filesystem of {@code maxBytes} at {@code mountPoint}, its image at {@code image};
     * false (and nothing changed) when none of that size is ready.
     */
    boolean takeInto(long maxBytes, Path image, Path mountPoint) throws IOException {
        ConcurrentLinkedDeque<Prepared> queue = ready.get(maxBytes);
        Prepared prepared = queue == null ? null : queue.pollFirst();
        if (queue != null) {
            refill();
        }
        if (prepared == null) {
            return false;
        }
        try {
            Files.move(prepared.image(), image, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException otherFilesystem) {
            discard(prepared);
            if (!closed) {
                LOG.infof("Run directories are not on the filesystem of %s (%s); runs format their own filesystems",
                        dir, otherFilesystem.getMessage());
                close();
            }
            return false;
        }
        Files.createDirectories(mountPoint);
        if (prepared.mountPoint() != null) {
            try {
                LoopFilesystem.exec(List.of("mount", "--move", prepared.mountPoint().toString(), mountPoint.toString()));
                Files.deleteIfExists(prepared.mountPoint());
                return true;
            } catch (IOException e) {
                if (moveUnavailable.compareAndSet(false, true)) {
                    LOG.infof("Mounts cannot be moved here (%s); prepared filesystems are mounted when a run takes them",
                            e.getMessage());
                }
                unmountQuietly(prepared.mountPoint());
                Files.deleteIfExists(prepared.mountPoint());
            }
        }
        LoopFilesystem.mount(image, mountPoint);
        return true;
    }

    /** Tops up every size in the background; requests while one is pending are merged into it. */
    private void refill() {
        if (closed || !refillPending.compareAndSet(false, true)) {
            return;
        }
        try {
            filler.execute(() -> {
                refillPending.set(false);
                ready.forEach(this::topUp);
            });
        } catch (RuntimeException shutDown) {
            refillPending.set(false);
        }
    }

    private void topUp(long maxBytes, ConcurrentLinkedDeque<Prepared> queue) {
        while (!closed && queue.size() < perSize) {
            Path image = null;
            Path mountPoint = null;
            try {
                String name = "fs-" + names.incrementAndGet();
                Files.createDirectories(dir);
                image = dir.resolve(name + ".img");
                mountPoint = dir.resolve(name);
                LoopFilesystem.createAndMount(image, mountPoint, maxBytes);
                if (moveUnavailable.get()) {
                    LoopFilesystem.unmount(mountPoint);
                    Files.deleteIfExists(mountPoint);
                    mountPoint = null;
                }
                queue.addLast(new Prepared(image, mountPoint));
            } catch (IOException | RuntimeException e) {
                if (failedBefore.compareAndSet(false, true)) {
                    LOG.warnf("Could not prepare a run filesystem ahead of time (%s); runs make their own until "
                            + "preparing works again", e.getMessage());
                } else {
                    LOG.debugf("Could not prepare a run filesystem ahead of time: %s", e.getMessage());
                }
                discard(new Prepared(image, mountPoint));
                return;
            }
        }
        if (closed) {
            drain(queue); // close() may have drained before this one was added
        }
    }

    /** Unmounts and deletes what is prepared and not taken; later takes find none. */
    @Override
    public synchronized void close() {
        closed = true;
        filler.shutdown();
        try {
            filler.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ready.values().forEach(this::drain);
        try {
            FileTrees.deleteTree(dir);
        } catch (IOException e) {
            LOG.warnf("Could not delete %s: %s", dir, e.getMessage());
        }
    }

    private void drain(ConcurrentLinkedDeque<Prepared> queue) {
        for (Prepared p; (p = queue.pollFirst()) != null; ) {
            discard(p);
        }
    }

    /**
     * Leftovers of servers that are no longer running: one directory per process id (a server's own at its start,
     * or a dead replica's, by the replica that takes its runs over).
     */
    static void removeLeftovers(Path parent) {
        if (!Files.isDirectory(parent)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.matches("\\d+") || ProcessHandle.of(Long.parseLong(name)).isPresent()) {
                    continue; // not ours to touch: this server's, or one that still runs
                }
                BindMounts.unmountAllUnder(entry);
                FileTrees.deleteTree(entry);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Could not remove prepared filesystems left under %s: %s", parent, e.getMessage());
        }
    }

    private static void discard(Prepared p) {
        if (p.mountPoint() != null) {
            unmountQuietly(p.mountPoint());
        }
        try {
            if (p.mountPoint() != null) {
                Files.deleteIfExists(p.mountPoint());
            }
            if (p.image() != null) {
                Files.deleteIfExists(p.image());
            }
        } catch (IOException e) {
            LOG.warnf("Could not delete a prepared filesystem %s: %s", p.image(), e.getMessage());
        }
    }

    private static void unmountQuietly(Path mountPoint) {
        if (Files.isDirectory(mountPoint) && LoopFilesystem.isMountPoint(mountPoint)) {
            try {
                LoopFilesystem.unmount(mountPoint);
            } catch (IOException e) {
                LOG.warnf("Could not unmount %s: %s", mountPoint, e.getMessage());
            }
        }
    }
}
