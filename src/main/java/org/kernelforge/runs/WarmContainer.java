package org.kernelforge.runs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A started container that waits, hardened and idle, to become one run: its host folder (the layout of a
 * run's folder: {@code dirs/working}, {@code dirs/platform}, {@code src}) plus the {@code inputs} folder the
 * run's inputs are mounted into and the pipe its command is written to. Used once, then removed.
 *
 * @param imageDigest the digest of the image it was created from, as the run records it
 * @param imageId     the id of that image, compared with the id a version pinned at commit
 */
public record WarmContainer(String containerId, String imageId, String imageDigest, WarmShape shape, Path root,
                            boolean filesystemBounded) {

    /** Where the container reads the hand-over pipe (read-only). */
    static final String CONTROL = "/kaggle/.control";
    static final String PIPE = "go";

    /** The folders of the run, as {@link WorkingDirectories#create} would have made them. */
    public RunDirectories dirs() {
        Path base = root.resolve("dirs");
        return new RunDirectories(base, base.resolve("working"), base.resolve("platform"), filesystemBounded);
    }

    /** Mounted read-only at /kaggle/src: the run's source is written here before the hand-over. */
    public Path sourceDir() {
        return root.resolve("src");
    }

    Path inputsDir() {
        return root.resolve("inputs");
    }

    Path controlDir() {
        return root.resolve("control");
    }

    Path pipe() {
        return controlDir().resolve(PIPE);
    }

    /** A private folder beside the shared inputs folder, where each input is made read-only before it is bound. */
    Path stage(String inputName) {
        return root.resolve("stage").resolve(inputName);
    }

    /**
     * Renames the container's folder to a run's folder: mounts beneath it move along, and the running
     * container keeps seeing the same directories.
     */
    public WarmContainer movedTo(Path runRoot) throws IOException {
        Files.createDirectories(runRoot.getParent());
        Files.move(root, runRoot, StandardCopyOption.ATOMIC_MOVE);
        return new WarmContainer(containerId, imageId, imageDigest, shape, runRoot, filesystemBounded);
    }
}
