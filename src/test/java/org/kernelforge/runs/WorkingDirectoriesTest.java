package org.kernelforge.runs;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class WorkingDirectoriesTest {

    private static final long MiB = 1024 * 1024;

    @Inject
    WorkingDirectories directories;

    @Test
    void eachRunGetsItsOwnCappedFilesystemsWhichReleaseUnmountsAndDeletes() throws Exception {
        Path root = Path.of("target", "runs-tests", "wd-" + UUID.randomUUID()).toAbsolutePath();

        RunDirectories dirs = directories.create(root, 8 * MiB);
        try {
            assertTrue(dirs.filesystemBounded());
            assertTrue(directories.filesystemBounded(dirs.working()));
            assertTrue(directories.filesystemBounded(dirs.platform()));
            long usable = Files.getFileStore(dirs.working()).getUsableSpace();
            assertTrue(usable <= 8 * MiB + 64 * 1024 && usable > 7 * MiB, "usable " + usable);
            assertEquals(1000, Files.getAttribute(dirs.working(), "unix:uid"));
            assertEquals(List.of(), directories.listOutputs(dirs.working()).files(), "no lost+found");
        } finally {
            directories.release(dirs);
        }

        assertFalse(Files.exists(root));
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(root.toString()));
    }

    @Test
    void listingNeverFollowsSymlinksAndSkipsThosePointingOutside() throws Exception {
        Path root = Path.of("target", "runs-tests", "wd-" + UUID.randomUUID()).toAbsolutePath();
        RunDirectories dirs = directories.create(root, 8 * MiB);
        try {
            Path w = dirs.working();
            Files.writeString(w.resolve("a.txt"), "hello");
            Files.createDirectories(w.resolve("deep/er"));
            Files.writeString(w.resolve("deep/er/b.csv"), "1,2\n");
            Files.createSymbolicLink(w.resolve("inside-link"), Path.of("deep/er/b.csv"));
            Files.createSymbolicLink(w.resolve("passwd"), Path.of("/etc/passwd"));
            Files.createSymbolicLink(w.resolve("deep/escape"), Path.of("../../../../etc/hostname"));
            assertEquals(0, new ProcessBuilder("mkfifo", w.resolve("pipe").toString()).start().waitFor());

            OutputListing listing = directories.listOutputs(w);

            assertEquals(List.of(
                    new OutputFile("a.txt", 5, 0644, null),
                    new OutputFile("deep/er/b.csv", 4, 0644, null),
                    new OutputFile("inside-link", 0, 0777, "deep/er/b.csv")), listing.files());
            assertEquals(List.of(
                    "deep/escape: symlink pointing outside the working directory",
                    "passwd: symlink pointing outside the working directory",
                    "pipe: not a regular file"), listing.skipped().stream().sorted().toList());
            assertEquals(9, listing.totalBytes());
        } finally {
            directories.release(dirs);
        }
        assertTrue(Files.exists(Path.of("/etc/passwd")), "release deletes links, never their targets");
    }
}
