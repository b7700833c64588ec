package org.kernelforge.runs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * Host bind mounts that reach a container after it started: a directory bind-mounted into a container with
 * slave propagation from a shared mount sees every mount made beneath it on the host later.
 */
final class BindMounts {

    private BindMounts() {
    }

    /** Makes {@code dir} a mount of its own with shared propagation, as the engine requires of such a source. */
    static void shareSelf(Path dir) throws IOException {
        LoopFilesystem.exec(List.of("mount", "--bind", dir.toString(), dir.toString()));
        LoopFilesystem.exec(List.of("mount", "--make-shared", dir.toString()));
    }

    /**
     * Mounts {@code source} read-only at {@code target}. The read-only flag is set on a private mount at
     * {@code stage} first and then bound to the target: a remount to read-only of the target itself would
     * not reach the copies already propagated into containers, which would stay writable.
     */
    static void bindReadOnly(Path source, Path stage, Path target) throws IOException {
        Files.createDirectories(stage);
        Files.createDirectories(target);
        LoopFilesystem.exec(List.of("mount", "--bind", "-o", "ro,nosuid,nodev", source.toString(), stage.toString()));
        try {
            LoopFilesystem.exec(List.of("mount", "--bind", stage.toString(), target.toString()));
        } finally {
            LoopFilesystem.exec(List.of("umount", stage.toString()));
            Files.deleteIfExists(stage);
        }
    }

    /** Unmounts every mount at or under {@code root}, deepest first. */
    static void unmountAllUnder(Path root) throws IOException {
        String prefix = (Files.exists(root) ? root.toRealPath() : root.toAbsolutePath().normalize()).toString();
        // a directory mounted twice (a shared self-bind) appears twice: unmount as often as it is listed
        List<String> targets = LoopFilesystem.mountTargets().stream()
                .filter(target -> target.equals(prefix) || target.startsWith(prefix + "/"))
                .sorted(Comparator.reverseOrder())
                .toList();
        for (String target : targets) {
            LoopFilesystem.unmount(Path.of(target));
        }
    }
}
