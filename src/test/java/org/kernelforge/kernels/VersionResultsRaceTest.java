package org.kernelforge.kernels;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;
import org.kernelforge.runs.RunOutcome;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The hang ReplicasIT found: a version's container and start are recorded by a bookkeeping thread, off the run's
 * path, so under load that write can be under way while the run's result is stored. When the bookkeeping read the
 * version (running) before the result was committed and wrote it after, the version was running again, for ever,
 * with nothing logged. Here the interleaving is forced: a row lock held by the test makes the result wait first and
 * the bookkeeping writes behind it; when the lock goes, the version must stay finished.
 */
@QuarkusTest
class VersionResultsRaceTest {

    @Inject
    VersionResults results;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void bookkeepingWrittenAfterTheResultNeverMakesTheVersionRunAgain() throws Exception {
        Account owner = TestAccounts.signUp("race-kernel");
        int number = KernelFixtures.push(owner, "race-kernel", KernelFixtures.script("print('hi')"));
        KernelFixtures.awaitFinished(owner, "race-kernel", number, Duration.ofSeconds(120));
        long versionId = versionId(owner.username(), "race-kernel", number);
        // the version as it is while its run is followed here: running, nothing recorded yet
        execute("update kernel_versions set status = 'RUNNING', finished_at = null, node = null, container_id = null "
                + "where id = " + versionId);

        List<CompletableFuture<Void>> writes = new ArrayList<>();
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try (PreparedStatement s = lock.prepareStatement("select id from kernel_versions where id = ? for update")) {
                s.setLong(1, versionId);
                s.executeQuery().close();
            }
            Instant now = Instant.now();
            writes.add(CompletableFuture.runAsync(() -> results.finish(versionId,
                    new RunOutcome(0, null, "done", now.minusSeconds(1), now, "c-race", "sha256:race", null), null)));
            awaitWaitingForLocks(1);
            writes.add(CompletableFuture.runAsync(() -> results.started(versionId, "local", "c-race", now.minusSeconds(1))));
            writes.add(CompletableFuture.runAsync(() -> results.placed(versionId, "node-race")));
            awaitWaitingForLocks(3);
            lock.commit();
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select status, finished_at, node from kernel_versions where id = ?")) {
            s.setLong(1, versionId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                assertEquals("COMPLETE", r.getString(1), "the result stays, whatever was written after it");
                assertNotNull(r.getTimestamp(2), "finished_at");
                assertEquals("node-race", r.getString(3), "the node, written after the result, is kept too");
            }
        }
    }

    /** Until {@code count} statements of this database wait for a row lock. */
    private void awaitWaitingForLocks(int count) throws SQLException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                    "select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'");
                 ResultSet r = s.executeQuery()) {
                r.next();
                if (r.getInt(1) >= count) {
                    return;
                }
            }
            KernelFixtures.sleep(50);
        }
        fail(count + " writes never waited for the row lock");
    }

    private long versionId(String owner, String slug, int number) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select v.id from kernel_versions v join kernels k on k.id = v.kernel_id join users u on u.id = k.owner_id "
                        + "where u.username = ? and k.slug = ? and v.version_number = ?")) {
            s.setString(1, owner);
            s.setString(2, slug);
            s.setInt(3, number);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.executeUpdate();
        }
    }
}
