package org.kernelforge.runs;

import org.kernelforge.platform.FileTrees;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Creates, lists and removes the host directories of a run. Each of the working and platform
 * directories is its own loop-mounted ext4 image when possible, so a kernel cannot fill the disk;
 * otherwise they are plain directories and the runner polls their size and stops the run. Filesystems of
 * the default sizes are prepared ahead of time ({@link PreparedFilesystems}).
 */
@ApplicationScoped
public class WorkingDirectories {

    private static final Logger LOG = Logger.getLogger(WorkingDirectories.class);
    private static final int KERNEL_UID = 1000;

    private final RunsConfig config;
    private final AtomicBoolean loopUnavailable = new AtomicBoolean();
    private volatile PreparedFilesystems prepared;
    private final ExecutorService helpers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "run-directories");
        t.setDaemon(true);
        return t;
    });

    public WorkingDirectories(RunsConfig config) {
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        prepareAhead();
    }

    /** Starts preparing filesystems of the default sizes (output and platform caps) in the background. */
    void prepareAhead() {
        if (config.loopMounts() && config.preparedFilesystems() > 0 && prepared == null) {
            synchronized (this) {
                if (prepared == null) {
                    prepared = new PreparedFilesystems(Path.of(config.stateDir()).resolve("prepared-filesystems"),
                            config.preparedFilesystems(), List.of(config.limits().outputMax().asLongValue(),
                            config.platformMax().asLongValue()).stream().distinct().toList());
                }
            }
        }
    }

    /**
     * Unmounts and deletes the filesystems a server that died prepared under its runs' state dir (on this host): a
     * dead replica never starts again to clean up after itself.
     */
    public void removePreparedLeftoversOf(Path runsStateDir) {
        PreparedFilesystems.removeLeftovers(runsStateDir.toAbsolutePath().resolve("prepared-filesystems"));
    }

    @PreDestroy
    void stopPreparing() {
        PreparedFilesystems p = prepared;
        if (p != null) {
            p.close();
        }
    }

    /** Makes {@code root/working} (capped at outputMaxBytes) and {@code root/platform} for one run. */
    public RunDirectories create(Path root, long outputMaxBytes) throws IOException {
        Path base = root.toAbsolutePath().normalize();
        Files.createDirectories(base);
        Path working = base.resolve("working");
        Path platform = base.resolve("platform");
        if (config.loopMounts() && !loopUnavailable.get()) {
            try {
                both(() -> capped(base.resolve("working.img"), working, outputMaxBytes),
                        () -> capped(base.resolve("platform.img"), platform, config.platformMax().asLongValue()));
                return new RunDirectories(base, working, platform, true);
            } catch (IOException e) {
                if (loopUnavailable.compareAndSet(false, true)) {
                    LOG.warnf("Loop-mounted output filesystems are not available (%s); falling back to polling "
                            + "the size of working directories every 250 ms", e.getMessage());
                }
                unmountQuietly(working);
                unmountQuietly(platform);
            }
        }
        plainDirectory(working);
        plainDirectory(platform);
        return new RunDirectories(base, working, platform, false);
    }

    private void capped(Path image, Path mountPoint, long maxBytes) throws IOException {
        prepareAhead();
        PreparedFilesystems p = prepared;
        if (p == null || !p.takeInto(maxBytes, image, mountPoint)) {
            LoopFilesystem.createAndMount(image, mountPoint, maxBytes);
        }
    }

    /** After capture: unmounts the images and deletes everything under the run's root. */
    public void release(RunDirectories dirs) throws IOException {
        both(() -> unmountIfMounted(dirs.working()), () -> unmountIfMounted(dirs.platform()));
        FileTrees.deleteTree(dirs.root());
    }

    /** Deletes a run's folder, unmounting first whatever is still mounted beneath it (a warm container's inputs). */
    public void removeRunFolder(Path root) throws IOException {
        if (Files.exists(root)) {
            BindMounts.unmountAllUnder(root);
            FileTrees.deleteTree(root);
        }
    }

    /** Files under a working directory with sizes; symlinks are never followed. */
    public OutputListing listOutputs(Path workingDir) throws IOException {
        return OutputFiles.list(workingDir);
    }

    /** As {@link #listOutputs(Path)}, stopping past {@code maxFiles} files ({@link OutputListing#overLimit()}). */
    public OutputListing listOutputs(Path workingDir, int maxFiles) throws IOException {
        return OutputFiles.list(workingDir, maxFiles);
    }

    /** The file of a listed output, found by its raw name whatever the host's locale. */
    public Path outputFile(Path workingDir, OutputFile file) {
        return FileNames.resolve(workingDir, file.path());
    }

    /** Whether {@code dir} is capped by its own filesystem (else the runner polls it). */
    public boolean filesystemBounded(Path dir) {
        return LoopFilesystem.isMountPoint(dir);
    }

    private static void unmountIfMounted(Path dir) throws IOException {
        if (Files.isDirectory(dir) && LoopFilesystem.isMountPoint(dir)) {
            LoopFilesystem.unmount(dir);
        }
    }

    private interface IoStep {
        void run() throws IOException;
    }

    /** Runs two steps at once (each mostly waits for mount or mkfs); both have ended when this returns. */
    private void both(IoStep first, IoStep second) throws IOException {
        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> {
            try {
                second.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, helpers);
        IOException failure = null;
        try {
            first.run();
        } catch (IOException e) {
            failure = e;
        }
        try {
            other.join();
        } catch (CompletionException e) {
            IOException cause = e.getCause() instanceof UncheckedIOException u ? u.getCause()
                    : new IOException(e.getCause().getMessage(), e.getCause());
            if (failure == null) {
                failure = cause;
            } else {
                failure.addSuppressed(cause);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void plainDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        try {
            Files.setAttribute(dir, "unix:uid", KERNEL_UID);
            Files.setAttribute(dir, "unix:gid", KERNEL_UID);
        } catch (IOException | UnsupportedOperationException | SecurityException notRoot) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
    }

    private static void unmountQuietly(Path dir) {
        if (Files.isDirectory(dir) && LoopFilesystem.isMountPoint(dir)) {
            try {
                LoopFilesystem.unmount(dir);
            } catch (IOException e) {
                LOG.warnf("Could not unmount %s: %s", dir, e.getMessage());
            }
        }
    }
}
