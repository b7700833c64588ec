package org.kernelforge.kernels;

import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.platform.Installation;
import org.kernelforge.platform.PlatformConfig;
import org.kernelforge.runs.RunDirectories;
import org.kernelforge.runs.WorkingDirectories;
import org.kernelforge.storage.BlobCache;
import org.kernelforge.storage.BlobStore;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A version's folder on the host while it runs, {@code <data dir>/runs/work/<run id>}: its source ({@code src}),
 * its working and platform directories ({@code dirs}), and for a warm container the folders it was made with.
 * A scoring rerun's is in this replica's own folder, {@code <data dir>/runs/reruns/<replica id>/<run id>}: replicas
 * sharing a data dir each remove only their own. Removed, with whatever is mounted beneath it, when the run is over,
 * or when the server starts again after a crash left it ({@link #removeLeftovers}).
 */
@ApplicationScoped
class VersionFolders {

    private static final Logger LOG = Logger.getLogger(VersionFolders.class);
    /** Starts the run id of a scoring rerun. */
    static final String RERUN_PREFIX = "r";
    /** A version's run folder ({@code v<id>}); warm containers' start with "warm-". */
    private static final Pattern VERSION_FOLDER = Pattern.compile("v\\d+");

    private final WorkingDirectories directories;
    private final BlobCache cache;
    private final BlobStore blobs;
    private final Path workRoot;
    private final Path rerunsRoot;

    VersionFolders(WorkingDirectories directories, BlobCache cache, BlobStore blobs, PlatformConfig platform,
                   Installation installation) {
        this.directories = directories;
        this.cache = cache;
        this.blobs = blobs;
        this.workRoot = workRootIn(platform.dataDir());
        this.rerunsRoot = rerunsRootIn(platform.dataDir(), installation.id());
    }

    /** Where a replica with this data dir and id keeps the folders of its scoring reruns. */
    static Path rerunsRootIn(Path dataDir, String replicaId) {
        return dataDir.toAbsolutePath().resolve("runs").resolve("reruns").resolve(replicaId);
    }

    /** Where a server with this data dir keeps the folders of its runs. */
    static Path workRootIn(Path dataDir) {
        return dataDir.toAbsolutePath().resolve("runs").resolve("work");
    }

    /** Releases what a dead server with this data dir left prepared for runs it will never make. */
    void releasePreparedOf(Path dataDir) {
        directories.removePreparedLeftoversOf(dataDir.toAbsolutePath().resolve("runs"));
    }

    /**
     * At start, unmounts and deletes the folders of runs this server left when it stopped (a crash leaves their loop
     * mounts): all of its scoring reruns' (run anew, never followed), and those of versions that are not running
     * ({@code running}, the run ids of the versions running on any replica, asked once the folders are listed: a
     * replica sharing this data dir makes a version's folder only once it runs it). Warm containers' are their pool's.
     */
    void removeLeftovers(Supplier<Set<String>> running) {
        removeFolder(rerunsRoot);
        List<Path> versions = foldersIn(workRoot, name -> VERSION_FOLDER.matcher(name).matches());
        Set<String> keep = versions.isEmpty() ? Set.of() : running.get();
        versions.stream().filter(folder -> !keep.contains(folder.getFileName().toString())).forEach(this::removeFolder);
    }

    /** Unmounts and deletes the folders of scoring reruns a dead replica (on this host) left. */
    void removeReruns(Path dataDir, String replicaId) {
        removeFolder(rerunsRootIn(dataDir, replicaId));
    }

    /** Unmounts and deletes all a dead server with this data dir left in its runs' folder (after its runs moved here). */
    void removeAllOf(Path dataDir) {
        foldersIn(workRootIn(dataDir), name -> true).forEach(this::removeFolder);
    }

    private static List<Path> foldersIn(Path parent, Predicate<String> which) {
        if (!Files.isDirectory(parent)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(parent)) {
            return entries.filter(entry -> which.test(entry.getFileName().toString())).toList();
        } catch (IOException e) {
            LOG.warnf("Could not list the run folders under %s: %s", parent, e.getMessage());
            return List.of();
        }
    }

    private void removeFolder(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        LOG.infof("Removing the run folder %s, which a stopped server left", folder);
        try {
            directories.removeRunFolder(folder);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Could not remove the run folder %s: %s", folder, e.getMessage());
        }
    }

    /** Where the folders of runs are, and where warm containers wait with theirs. */
    Path workRoot() {
        return workRoot;
    }

    /** A version's folder in the work root; a scoring rerun's in this replica's reruns folder. */
    Path root(String runId) {
        return runId.startsWith(RERUN_PREFIX) ? rerunsRoot.resolve(runId) : workRoot.resolve(runId);
    }

    /** New working and platform directories for a run in a container of its own. */
    RunDirectories create(RunJob job) throws IOException {
        return directories.create(root(job.runId()).resolve("dirs"), job.outputMaxBytes());
    }

    /** The directories a run made before the server restarted. */
    RunDirectories existing(String runId) {
        Path base = root(runId).resolve("dirs");
        Path working = base.resolve("working");
        return new RunDirectories(base, working, base.resolve("platform"), directories.filesystemBounded(working));
    }

    /** Writes the version's source, read-only, into {@code dir} (mounted at /kaggle/src). */
    Path writeSource(RunJob job, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(job.type().sourceFileName(job.language()));
        Files.copy(cache.fetch(job.sourceSha256(), blobs), file, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        return dir;
    }

    /** Unmounts and deletes everything the run left under its folder. */
    void remove(String runId) throws IOException {
        Path root = root(runId);
        if (Files.isDirectory(root.resolve("dirs"))) {
            directories.release(existing(runId));
        }
        directories.removeRunFolder(root);
    }
}
