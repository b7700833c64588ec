package org.kernelforge.kernels;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.datasets.DatasetCatalog;
import org.kernelforge.platform.FileTrees;
import org.kernelforge.platform.PlatformConfig;
import org.kernelforge.runs.InputMount;
import org.kernelforge.storage.BlobCache;
import org.kernelforge.runs.FileNames;
import org.kernelforge.storage.BlobStore;
import org.kernelforge.storage.StoredFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Puts a version's inputs on the host for read-only bind mounts. Each blob comes from the server's
 * {@link BlobCache}; an input version is a tree of hard links into that cache, built once: a second
 * run of the same inputs copies nothing.
 */
@ApplicationScoped
public class InputMaterializer {

    private static final String COMPLETE = ".complete";

    private final BlobStore blobs;
    private final BlobCache cache;
    private final DatasetCatalog datasets;
    private final Path inputCache;

    public InputMaterializer(BlobStore blobs, BlobCache cache, DatasetCatalog datasets, PlatformConfig platform) {
        this.blobs = blobs;
        this.datasets = datasets;
        this.cache = cache;
        this.inputCache = platform.dataDir().toAbsolutePath().resolve("cache").resolve("inputs");
    }

    List<InputMount> materialize(List<KernelVersionInput> inputs) throws IOException {
        List<InputMount> mounts = new ArrayList<>();
        for (KernelVersionInput input : inputs) {
            mounts.add(new InputMount(tree(input.datasetVersionId, input.kernelVersionId), input.mountName));
        }
        return mounts;
    }

    /** The same for inputs resolved now rather than pinned by a version (an interactive session's). */
    List<InputMount> materializeResolved(List<ResolvedInput> inputs) throws IOException {
        List<InputMount> mounts = new ArrayList<>();
        for (ResolvedInput input : inputs) {
            mounts.add(new InputMount(tree(input.datasetVersionId(), input.kernelVersionId()), input.mountName()));
        }
        return mounts;
    }

    /** A tree of files given by their paths (as a dataset's) and blobs, e.g. a competition's data for a rerun. */
    Path materializeFiles(List<StoredFile> files) throws IOException {
        return tree(files, true);
    }

    private Path tree(Long datasetVersionId, Long kernelVersionId) throws IOException {
        List<StoredFile> files = QuarkusTransaction.requiringNew().call(() -> datasetVersionId != null
                ? datasets.files(datasetVersionId)
                : KernelVersionOutput.listFor(kernelVersionId).stream().map(KernelOutputs::stored).toList());
        return tree(files, datasetVersionId != null);
    }

    private Path tree(List<StoredFile> files, boolean plainPaths) throws IOException {
        // named by content, not by database id: a tree can never be mistaken for another's (e.g. after a database reset)
        String name = "tree-" + contentName(files);
        Path dir = inputCache.resolve(name);
        if (Files.exists(dir.resolve(COMPLETE))) {
            return dir.resolve("files");
        }
        Path staging = Files.createDirectories(inputCache).resolve(name + ".staging-" + System.nanoTime());
        try {
            Path root = Files.createDirectories(staging.resolve("files"));
            for (StoredFile file : files) {
                // a kernel's output names are kept escaped (FileNames): the input shows them with their own bytes
                Path target = (plainPaths ? root.resolve(file.path()) : FileNames.resolve(root, file.path()))
                        .normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("input path escapes its directory: " + file.path());
                }
                Files.createDirectories(target.getParent());
                Files.createLink(target, cache.fetch(file.sha256(), blobs));
            }
            Files.createFile(staging.resolve(COMPLETE));
            openUp(root);
            try {
                Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
                // another run built the same tree first; use theirs
            }
        } finally {
            FileTrees.deleteTree(staging);
        }
        return dir.resolve("files");
    }

    private static String contentName(List<StoredFile> files) {
        MessageDigest digest = BlobStore.newDigest();
        files.stream().sorted(Comparator.comparing(StoredFile::path)).forEach(f ->
                digest.update((f.path() + "\0" + f.sha256() + "\n").getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Directories readable by the kernel's unprivileged user; files are read-only blobs. */
    private static void openUp(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isDirectory(p)) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("r-xr-xr-x"));
                }
            }
        }
    }
}
