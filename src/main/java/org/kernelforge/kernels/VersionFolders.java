package org.kernelforge.kernels;

import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.platform.PlatformConfig;
import org.kernelforge.runs.RunDirectories;
import org.kernelforge.runs.WorkingDirectories;
import org.kernelforge.storage.BlobCache;
import org.kernelforge.storage.BlobStore;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A version's folder on the host while it runs, {@code <data dir>/runs/work/<run id>}: its source ({@code src}),
 * its working and platform directories ({@code dirs}), and for a warm container the folders it was made with.
 * Removed, with whatever is mounted beneath it, when the run is over.
 */
@ApplicationScoped
class VersionFolders {

    private static final Logger LOG = Logger.getLogger(VersionFolders.class);
    /** A version's run folder ({@code v<id>}) or a scoring rerun's ({@code r<key>}); warm containers' are "warm-". */
    private static final Pattern RUN_FOLDER = Pattern.compile("v\\d+|r[^-]+");

    private final WorkingDirectories directories;
    private final BlobCache cache;
    private final BlobStore blobs;
    private final Path workRoot;

    VersionFolders(WorkingDirectories directories, BlobCache cache, BlobStore blobs, PlatformConfig platform) {
        this.directories = directories;
        this.cache = cache;
        this.blobs = blobs;
        this.workRoot = workRootIn(platform.dataDir());
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
     * Unmounts and deletes the folders of runs this server left when it stopped (a crash leaves their loop mounts):
     * those of versions, but the runs it follows again ({@code followed}), and of scoring reruns, which are run
     * anew. Warm containers' folders are their pool's.
     */
    void removeLeftovers(Set<String> followed) {
        removeFoldersIn(workRoot, name -> RUN_FOLDER.matcher(name).matches() && !followed.contains(name));
    }

    /** Unmounts and deletes all a dead server with this data dir left in its runs' folder (after its runs moved here). */
    void removeAllOf(Path dataDir) {
        removeFoldersIn(workRootIn(dataDir), name -> true);
    }

    private void removeFoldersIn(Path parent, Predicate<String> which) {
        if (!Files.isDirectory(parent)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent)) {
            for (Path entry : entries) {
                if (which.test(entry.getFileName().toString())) {
                    LOG.infof("Removing the run folder %s, which a stopped server left", entry);
                    try {
                        directories.removeRunFolder(entry);
                    } catch (IOException | RuntimeException e) {
                        LOG.warnf("Could not remove the run folder %s: %s", entry, e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            LOG.warnf("Could not list the run folders left under %s: %s", parent, e.getMessage());
        }
    }

    /** Where the folders of runs are, and where warm containers wait with theirs. */
    Path workRoot() {
        return workRoot;
    }

    Path root(String runId) {
        return workRoot.resolve(runId);
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
