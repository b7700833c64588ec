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
    @Inject
    RunsConfig config;

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
    void filesystemsOfTheDefaultSizeAreFreshCappedAndNeverShared() throws Exception {
        long outputMax = config.limits().outputMax().asLongValue();
        long platformMax = config.platformMax().asLongValue();
        List<RunDirectories> made = new java.util.ArrayList<>();
        try {
            // more runs than are prepared ahead: the first ones take prepared filesystems, the rest make their own
            for (int i = 0; i < config.preparedFilesystems() + 2; i++) {
                Path root = Path.of("target", "runs-tests", "wd-" + UUID.randomUUID()).toAbsolutePath();
                RunDirectories dirs = directories.create(root, outputMax);
                made.add(dirs);
                assertTrue(directories.filesystemBounded(dirs.working()));
                assertTrue(directories.filesystemBounded(dirs.platform()));
                assertTrue(Files.exists(root.resolve("working.img")) && Files.exists(root.resolve("platform.img")),
                        "the images live in the run's directory");
                long usable = Files.getFileStore(dirs.working()).getUsableSpace();
                assertTrue(usable <= outputMax + 64 * 1024 && usable > outputMax - 64 * MiB, "usable " + usable);
                long platformUsable = Files.getFileStore(dirs.platform()).getUsableSpace();
                assertTrue(platformUsable <= platformMax + 64 * 1024 && platformUsable > platformMax - 16 * MiB,
                        "platform usable " + platformUsable);
                assertEquals(1000, Files.getAttribute(dirs.working(), "unix:uid"));
                assertEquals(List.of(), directories.listOutputs(dirs.working()).files(), "a fresh filesystem");
                assertEquals(List.of(), directories.listOutputs(dirs.platform()).files(), "a fresh filesystem");
                Files.writeString(dirs.working().resolve("mine.txt"), "run " + i);
            }
            for (int i = 0; i < made.size(); i++) {
                assertEquals("run " + i, Files.readString(made.get(i).working().resolve("mine.txt")), "each run has its own");
            }
        } finally {
            for (RunDirectories dirs : made) {
                directories.release(dirs);
            }
        }
        for (RunDirectories dirs : made) {
            assertFalse(Files.exists(dirs.root()));
            assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(dirs.root().toString()));
        }
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
