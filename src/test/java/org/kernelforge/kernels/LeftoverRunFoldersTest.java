package org.kernelforge.kernels;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.kernelforge.platform.FileTrees;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Loop-mounted run folders a crash (kill -9) left behind are unmounted and removed: a replica's own at its start
 * (a scoring rerun's, a custom scoring program's, and a version's that is not running any more), and a dead
 * replica's on the same host by the replica that takes it over (whatever its runs' folder still holds: finished or
 * cancelled versions', reruns', warm containers', scorings'); of a data dir that a live replica shares, only the dead
 * replica's own folders (reruns', scorings').
 */
@QuarkusTest
@TestProfile(LeftoverRunFoldersTest.CrashedEarlier.class)
class LeftoverRunFoldersTest {

    static final Path DATA_DIR = Path.of("target", "leftover-folders-data").toAbsolutePath();
    /** This server's replica id, kept in its data dir. */
    static final String SELF = "leftovers-" + UUID.randomUUID().toString().substring(0, 8);
    /** What the server's earlier life left mounted when it was killed. */
    static final List<Path> LEFT_AT_START = List.of(
            DATA_DIR.resolve("runs/reruns/" + SELF + "/rs900001/dirs/working"),
            DATA_DIR.resolve("runs/work/v900002/dirs/working"),
            DATA_DIR.resolve("scoring/" + SELF + "/score-900003-1/run/working"));

    /** The server starts on a data dir where its earlier life, killed, left loop-mounted folders. */
    public static class CrashedEarlier implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kernelforge.data-dir", DATA_DIR.toString());
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(LeftMounted.class));
        }
    }

    public static class LeftMounted implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try {
                Files.createDirectories(DATA_DIR);
                Files.writeString(DATA_DIR.resolve("installation-id"), SELF);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            for (Path folder : LEFT_AT_START) {
                loopMount(folder);
            }
            return Map.of();
        }

        @Override
        public void stop() {
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aReplicaRemovesTheLoopMountedRunFoldersItsEarlierLifeLeftAtItsStart() throws IOException {
        for (Path folder : LEFT_AT_START) {
            Path run = folder.getParent().getParent();
            assertFalse(mountedUnder(run), run + " was unmounted at start");
            assertFalse(Files.exists(run), run + " was removed at start");
        }
        // (the warm containers made since have folders of their own there, mounted)
    }

    @Test
    void theReplicaTakingOverADeadOneOnTheSameHostRemovesTheFoldersItLeft() throws Exception {
        Path theirs = Path.of("target", "ghost-" + UUID.randomUUID()).toAbsolutePath();
        String ghost = "ghost-" + UUID.randomUUID().toString().substring(0, 8);
        List<Path> left = List.of(theirs.resolve("runs/work/v900004/dirs/working"), // cancelled just before it died
                theirs.resolve("runs/reruns/" + ghost + "/rs900005/dirs/working"),
                theirs.resolve("runs/work/warm-77-1/dirs/working"),
                theirs.resolve("scoring/" + ghost + "/score-900006-1/run/working"));
        left.forEach(LeftoverRunFoldersTest::loopMount);
        try {
            replica(ghost, theirs, Instant.now().minus(Duration.ofHours(1)));

            awaitTakenOver(ghost);
            List<Path> gone = List.of(theirs.resolve("runs/work/v900004"), theirs.resolve("runs/reruns/" + ghost),
                    theirs.resolve("runs/work/warm-77-1"), theirs.resolve("scoring/" + ghost));
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (mountedUnder(theirs) || gone.stream().anyMatch(Files::exists)) {
                if (Instant.now().isAfter(deadline)) {
                    fail("the dead replica's folders stayed: " + gone.stream().filter(Files::exists).toList()
                            + ", mounted: " + mountTargetsUnder(theirs));
                }
                Thread.sleep(200);
            }
        } finally {
            unmountAndDelete(theirs);
        }
    }

    @Test
    void ofADataDirThatALiveReplicaAlsoUsesOnlyTheDeadReplicasOwnFoldersGo() throws Exception {
        Path shared = Path.of("target", "shared-" + UUID.randomUUID()).toAbsolutePath();
        String live = "live-" + UUID.randomUUID().toString().substring(0, 8);
        String ghost = "ghost-" + UUID.randomUUID().toString().substring(0, 8);
        List<Path> liveOnes = List.of(shared.resolve("runs/reruns/" + live + "/rs900008/dirs/working"),
                shared.resolve("runs/work/v900009/dirs/working"), shared.resolve("scoring/" + live + "/score-1-2/run/working"));
        List<Path> deadOnes = List.of(shared.resolve("runs/reruns/" + ghost + "/rs900010/dirs/working"),
                shared.resolve("scoring/" + ghost + "/score-3-4/run/working"));
        liveOnes.forEach(LeftoverRunFoldersTest::loopMount);
        deadOnes.forEach(LeftoverRunFoldersTest::loopMount);
        replica(live, shared, Instant.now());
        replica(ghost, shared, Instant.now().minus(Duration.ofHours(1)));
        try {
            awaitTakenOver(ghost);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            while (Files.exists(shared.resolve("runs/reruns/" + ghost)) || Files.exists(shared.resolve("scoring/" + ghost))) {
                if (Instant.now().isAfter(deadline)) {
                    fail("the dead replica's own folders stayed: " + mountTargetsUnder(shared));
                }
                Thread.sleep(200);
            }
            for (Path folder : deadOnes) {
                assertFalse(mountedUnder(folder), folder + " unmounted");
            }
            for (Path folder : liveOnes) {
                assertTrue(mountedUnder(folder), "the live replica's " + folder + " stays mounted");
            }
        } finally {
            update("delete from server_replicas where id = ?", live);
            unmountAndDelete(shared);
        }
    }

    private void awaitTakenOver(String replica) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (replicaExists(replica)) {
            if (Instant.now().isAfter(deadline)) {
                fail("replica " + replica + " was not taken over");
            }
            Thread.sleep(200);
        }
    }

    /** Another replica's heartbeat row, last written at {@code beat}. */
    private void replica(String id, Path dataDir, Instant beat) throws SQLException {
        update("insert into server_replicas (id, data_dir, started_at, heartbeat_at) values (?, ?, ?, ?)",
                id, dataDir.toString(), Timestamp.from(beat.minusSeconds(60)), Timestamp.from(beat));
    }

    private boolean replicaExists(String id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("select id from server_replicas where id = ?")) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void update(String sql, Object... parameters) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                st.setObject(i + 1, parameters[i]);
            }
            st.executeUpdate();
        }
    }

    /** A small ext4 image loop-mounted at {@code folder}, its image beside it, as a run's working directory is. */
    static void loopMount(Path folder) {
        try {
            Files.createDirectories(folder);
            Path image = folder.resolveSibling(folder.getFileName() + ".img");
            exec("truncate", "-s", "4M", image.toString());
            exec("mkfs.ext4", "-q", "-F", image.toString());
            exec("mount", "-o", "loop,nosuid,nodev", image.toString(), folder.toString());
            Files.writeString(folder.resolve("output.csv"), "left behind\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a test made and the server left (after a failure, say). */
    private static void unmountAndDelete(Path root) throws IOException {
        List<String> targets = mountTargetsUnder(root);
        for (int i = targets.size() - 1; i >= 0; i--) {
            exec("umount", targets.get(i));
        }
        if (Files.exists(root)) {
            FileTrees.deleteTree(root);
        }
    }

    static boolean mountedUnder(Path root) throws IOException {
        return !mountTargetsUnder(root).isEmpty();
    }

    private static List<String> mountTargetsUnder(Path root) throws IOException {
        return mountInfo().lines().map(line -> line.split(" ")[4])
                .filter(target -> target.equals(root.toString()) || target.startsWith(root + "/")).sorted().toList();
    }

    private static String mountInfo() throws IOException {
        return Files.readString(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8);
    }

    private static void exec(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
