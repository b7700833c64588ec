package org.kernelforge.competitions;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;
import org.kernelforge.platform.Installation;
import org.kernelforge.platform.ReplicaConfig;
import org.kernelforge.runs.ContainerSettings;
import org.kernelforge.runs.DockerConfig;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.kernelforge.competitions.CompetitionFixtures.*;

/**
 * The scoring queue is shared by the server replicas through the database: work claimed by a replica that stopped
 * beating (a scoring, a rerun) is taken over and done once; a live replica's claims and containers are left alone,
 * also by another replica's start; a rescore while another replica scores is done once more after it; two replicas
 * claiming at once never claim the same submission. Other replicas are rows of
 * {@code server_replicas} here, as their heartbeats would write them.
 */
@QuarkusTest
class ScoringAcrossReplicasTest {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    SubmissionRows rows;
    @Inject
    EntityManager em;
    @Inject
    ScoringClaims claims;
    @Inject
    ScoringQueue queue;
    @Inject
    Installation installation;
    @Inject
    DockerClient docker;
    @Inject
    DockerConfig dockerConfig;

    @Test
    void theWorkOfAReplicaThatStoppedBeatingIsTakenOverAndScoredOnce() throws SQLException {
        Scored s = scoredSubmission("ghostly");
        String ghost = replica("ghost", Instant.now().minus(Duration.ofHours(1)));
        claimedBy(s.id(), ghost);

        // this replica takes the silent one over (its row goes) and then claims and scores its submission
        assertEquals("complete", awaitStatus(s, Duration.ofSeconds(90)));
        CompetitionFixtures.sleep(3000);
        assertEquals(2, rows.scorings(s.id()), "scored once more, by one replica, once");
        assertFalse(replicaExists(ghost), "the silent replica was taken over");
        assertNull(rows.column(s.id(), "scoring_claimed_by"));
        assertNull(rows.column(s.id(), "scoring_queued_at"));
    }

    @Test
    void aRerunClaimedByAReplicaThatStoppedBeatingRunsAgainOnAnother() throws SQLException {
        Account organizer = TestAccounts.organizer("org");
        String slug = CodeCompetitionFixtures.ready(organizer, CodeCompetitionFixtures.canary(), Map.of());
        Account competitor = TestAccounts.signUp("rerun");
        join(competitor, slug);
        long id = CodeCompetitionFixtures.submitted(competitor, slug, competitor.username() + "/"
                + CodeCompetitionFixtures.kernel(competitor, slug, CodeCompetitionFixtures.hintReader(slug), false));
        assertEquals("complete", CodeCompetitionFixtures.awaitFinal(competitor, slug, id, Duration.ofSeconds(120)).get("status"));
        String ghost = replica("ghost", Instant.now().minus(Duration.ofHours(1)));
        // as the ghost left it: rerunning, its container gone with it
        update("update submissions set status = 'RERUNNING', sha256 = '', size_bytes = 0, public_score = null, "
                + "private_score = null, scored_at = null, rerun_claimed_by = ?, rerun_claimed_at = ? where id = ?",
                ghost, Timestamp.from(Instant.now()), id);
        update("update code_reruns set finished_at = null, hidden_data_revision = null, log = null where submission_id = ?", id);

        assertEquals("complete", CodeCompetitionFixtures.awaitFinal(competitor, slug, id, Duration.ofSeconds(150)).get("status"));
        CompetitionFixtures.sleep(3000);
        assertEquals(2, rows.scorings(id), "rerun and scored once more, by one replica, once");
        assertNull(rows.column(id, "rerun_claimed_by"));
        assertFalse(replicaExists(ghost));
    }

    @Test
    void aLiveReplicasClaimsAndContainersAreLeftAloneAtStart() throws Exception {
        Scored theirs = scoredSubmission("theirs");
        Scored ours = scoredSubmission("ours");
        String busy = replica("busy", Instant.now());
        claimedBy(theirs.id(), busy);
        claimedBy(ours.id(), installation.id()); // as if this replica had stopped while scoring it
        String theirContainer = scoringContainer(busy, theirs.id());
        String ourContainer = scoringContainer(installation.id(), ours.id());
        try {
            // what this replica does when it starts
            queue.removeLeftoverContainers();
            claims.freeWorkOfEarlierLife(null);

            assertEquals("complete", awaitStatus(ours, Duration.ofSeconds(60)), "its own unfinished scoring is redone");
            CompetitionFixtures.sleep(3000);
            assertEquals(2, rows.scorings(ours.id()));
            assertEquals("pending", status(theirs), "a live replica's scoring is its own");
            assertEquals(1, rows.scorings(theirs.id()));
            assertEquals(busy, rows.column(theirs.id(), "scoring_claimed_by"));
            assertTrue(containerExists(theirContainer), "the live replica's scoring container runs on");
            assertFalse(containerExists(ourContainer), "this replica's leftover scoring container is removed");
        } finally {
            removeContainer(theirContainer);
            removeContainer(ourContainer);
            deleteReplica(busy); // its claim is free then: this replica scores the submission
        }
        assertEquals("complete", awaitStatus(theirs, Duration.ofSeconds(60)));
    }

    @Test
    void twoReplicasClaimingAtOnceNeverClaimTheSameSubmission() throws Exception {
        Scored s = scoredSubmission("many");
        List<Long> queued = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            queued.add(copyQueued(s.id()));
        }
        String a = replica("claimer-a", Instant.now());
        String b = replica("claimer-b", Instant.now());
        ScoringClaims claimsOfA = new ScoringClaims(new Installation(null, config(a)), em);
        ScoringClaims claimsOfB = new ScoringClaims(new Installation(null, config(b)), em);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<List<Long>> byA = threads.submit(claimAll(claimsOfA));
            Future<List<Long>> byB = threads.submit(claimAll(claimsOfB));
            List<Long> claimedByA = byA.get();
            List<Long> claimedByB = byB.get();
            Set<Long> both = new HashSet<>(claimedByA);
            both.retainAll(claimedByB);
            assertTrue(both.isEmpty(), "claimed by both: " + both);
            assertEquals(claimedByA.size(), new HashSet<>(claimedByA).size(), "a claimed a submission twice");
            assertEquals(claimedByB.size(), new HashSet<>(claimedByB).size(), "b claimed a submission twice");
            assertTrue(claimedByA.size() + claimedByB.size() >= 20,
                    "the two claimed most of the 40 (this replica's own two threads score some): " + claimedByA.size()
                            + " + " + claimedByB.size());
            for (long id : claimedByA) {
                assertEquals(a, rows.column(id, "scoring_claimed_by"));
            }
            for (long id : claimedByB) {
                assertEquals(b, rows.column(id, "scoring_claimed_by"));
            }
            assertTrue(queued.containsAll(claimedByA) && queued.containsAll(claimedByB));
        } finally {
            threads.shutdownNow();
            deleteReplica(a);
            deleteReplica(b);
        }
    }

    @Test
    void aScoringAskedForWhileAnotherReplicaScoresIsDoneOnceMoreAfterIt() throws SQLException {
        Scored s = scoredSubmission("again");
        String other = replica("scorer", Instant.now());
        try {
            long before = rows.scorings(s.id());
            update("update submissions set scoring_queued_at = ?, scoring_claimed_by = ?, scoring_claimed_at = ? where id = ?",
                    Timestamp.from(Instant.now()), other, Timestamp.from(Instant.now()), s.id()); // the other scores it now
            queue.rescore(((Number) rows.column(s.id(), "competition_id")).longValue()); // a rescore meanwhile
            assertEquals(true, rows.column(s.id(), "scoring_again"));
            CompetitionFixtures.sleep(2000);
            assertEquals(before, rows.scorings(s.id()), "nobody else scores a claimed submission");
            // the other replica records its scoring: the submission stays queued for the one asked for meanwhile
            boolean recorded = QuarkusTransaction.requiringNew().call(() -> ScoringClaims.settleScoring(
                    Submission.findById(s.id(), LockModeType.PESSIMISTIC_WRITE), other));
            assertTrue(recorded);
            awaitScorings(s.id(), before + 1);
            CompetitionFixtures.sleep(2000);
            assertEquals(before + 1, rows.scorings(s.id()), "scored once more, once");
            assertNull(rows.column(s.id(), "scoring_queued_at"));
        } finally {
            deleteReplica(other);
        }
    }

    private void awaitScorings(long submissionId, long count) throws SQLException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (rows.scorings(submissionId) < count) {
            assertTrue(Instant.now().isBefore(deadline), "submission " + submissionId + " was not scored again");
            CompetitionFixtures.sleep(100);
        }
    }

    private static Callable<List<Long>> claimAll(ScoringClaims claimer) {
        return () -> {
            List<Long> claimed = new ArrayList<>();
            for (Optional<Long> next = claimer.claimScoring(); next.isPresent(); next = claimer.claimScoring()) {
                claimed.add(next.get());
            }
            return claimed;
        };
    }

    private record Scored(Account competitor, String slug, long id) {
    }

    private static Scored scoredSubmission(String who) {
        Account organizer = TestAccounts.organizer("org");
        String slug = ready(organizer);
        Account competitor = TestAccounts.signUp(who);
        join(competitor, slug);
        long id = submit(competitor, slug, predicting(List.of(102, 104, 106, 108, 110)));
        assertEquals("complete", awaitScored(competitor, slug, id).get("status"));
        return new Scored(competitor, slug, id);
    }

    private static String status(Scored s) {
        return s.competitor().given().get("/api/competitions/" + s.slug() + "/submissions/" + s.id()).then()
                .statusCode(200).extract().path("submission.status");
    }

    private static String awaitStatus(Scored s, Duration within) {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            String status = status(s);
            if (!"pending".equals(status)) {
                return status;
            }
            CompetitionFixtures.sleep(100);
        }
        fail("submission " + s.id() + " stayed pending for " + within);
        return null;
    }

    private static ReplicaConfig config(String id) {
        return new ReplicaConfig() {
            @Override
            public Optional<String> id() {
                return Optional.of(id);
            }

            @Override
            public Optional<String> url() {
                return Optional.empty();
            }

            @Override
            public Duration heartbeatTimeout() {
                return Duration.ofSeconds(30);
            }
        };
    }

    /** Another replica's heartbeat row, last written at {@code beat}. */
    private String replica(String prefix, Instant beat) throws SQLException {
        String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        update("insert into server_replicas (id, data_dir, started_at, heartbeat_at) values (?, ?, ?, ?)",
                id, "target/replica-" + id, Timestamp.from(beat.minusSeconds(60)), Timestamp.from(beat));
        return id;
    }

    private void deleteReplica(String id) throws SQLException {
        update("delete from server_replicas where id = ?", id);
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

    /** The scored submission waits for a scoring again, claimed by {@code replica}, as that replica leaves it. */
    private void claimedBy(long submissionId, String replica) throws SQLException {
        update("update submissions set status = 'PENDING', public_score = null, private_score = null, scored_at = null, "
                + "scoring_queued_at = ?, scoring_claimed_by = ?, scoring_claimed_at = ? where id = ?",
                Timestamp.from(Instant.now()), replica, Timestamp.from(Instant.now()), submissionId);
    }

    /** A copy of the submission, waiting for its scoring. */
    private long copyQueued(long submissionId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("insert into submissions (competition_id, entrant_id, submitted_by, "
                     + "file_name, sha256, size_bytes, created_at, status, selected, scoring_queued_at) select competition_id, "
                     + "entrant_id, submitted_by, file_name, sha256, size_bytes, created_at, 'PENDING', false, ? "
                     + "from submissions where id = ?", new String[]{"id"})) {
            st.setTimestamp(1, Timestamp.from(Instant.now()));
            st.setLong(2, submissionId);
            st.executeUpdate();
            try (ResultSet keys = st.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
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

    /** A scoring-program container as {@link CustomScoring} labels it, created (not started). */
    private String scoringContainer(String replica, long submissionId) {
        return docker.createContainerCmd(dockerConfig.runtimeImage()).withCmd("sleep", "300")
                .withLabels(Map.of(ContainerSettings.RUN_LABEL, "score-test-" + submissionId + "-" + System.nanoTime(),
                        Installation.LABEL, replica, CustomScoring.SCORING_LABEL, String.valueOf(submissionId)))
                .exec().getId();
    }

    private boolean containerExists(String id) {
        try {
            docker.inspectContainerCmd(id).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private void removeContainer(String id) {
        try {
            docker.removeContainerCmd(id).withForce(true).exec();
        } catch (NotFoundException e) {
            // removed by the test already
        }
    }
}
