package org.kernelforge.competitions;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.kernelforge.platform.Installation;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scoring work of all server replicas, in the submissions' rows: a scoring is wanted while
 * {@code scoring_queued_at} is set, a code submission's rerun while it is queued. A replica claims the oldest free
 * work as {@code FairClaims} claims versions: the row locked with {@code FOR UPDATE SKIP LOCKED} (another replica
 * claiming it right now is left alone), then marked with this replica's id in the same transaction; so each piece
 * is claimed once. Work is free when nobody claimed it, or when its claimant's heartbeat row is gone: a replica
 * that stopped beating and was taken over (the silent replica's row is deleted then) leaves its work to the others.
 * At start a replica frees the work its earlier life had claimed; its containers are gone by then.
 */
@ApplicationScoped
class ScoringClaims {

    private static final Logger LOG = Logger.getLogger(ScoringClaims.class);
    /** After the heartbeat (40), before the run queue claims reruns (50). */
    static final int STARTUP_ORDER = 45;
    private static final int CANDIDATES = 5;
    /** A claimant that is no replica any more: taken over, its work free again. */
    private static final String GONE = "not exists (select 1 from server_replicas r where r.id = %s)";
    private static final List<SubmissionStatus> RERUN_WAITING = List.of(SubmissionStatus.QUEUED, SubmissionStatus.RERUNNING);

    private final Installation installation;
    private final EntityManager em;

    ScoringClaims(Installation installation, EntityManager em) {
        this.installation = installation;
        this.em = em;
    }

    String self() {
        return installation.id();
    }

    void freeWorkOfEarlierLife(@Observes @Priority(STARTUP_ORDER) StartupEvent event) {
        int[] freed = QuarkusTransaction.requiringNew().call(() -> new int[]{
                em.createNativeQuery("update submissions set scoring_claimed_by = null, scoring_claimed_at = null "
                        + "where scoring_claimed_by = ?1").setParameter(1, self()).executeUpdate(),
                em.createNativeQuery("update submissions set status = 'QUEUED', rerun_claimed_by = null, "
                        + "rerun_claimed_at = null where rerun_claimed_by = ?1 and status in ('QUEUED', 'RERUNNING')")
                        .setParameter(1, self()).executeUpdate()});
        if (freed[0] + freed[1] > 0) {
            LOG.infof("Scoring again %d submissions and rerunning %d code submissions this replica left unfinished",
                    freed[0], freed[1]);
        }
    }

    /** Asks for a scoring of the submission: queued unless it waits already; scored once more if under way now. */
    void requestScoring(long submissionId) {
        QuarkusTransaction.requiringNew().run(() -> request("id", submissionId));
    }

    /** Asks for a scoring of every submission of the competition; answers how many it has. */
    int requestScoringOfCompetition(long competitionId) {
        return QuarkusTransaction.requiringNew().call(() -> request("competition_id", competitionId));
    }

    /**
     * The rows are locked first, so a scoring that ends now either sees the request for one more or has let go of
     * its claim before the request looks.
     */
    private int request(String column, long value) {
        int rows = em.createNativeQuery("select id from submissions where " + column + " = ?1 order by id for update")
                .setParameter(1, value).getResultList().size();
        String where = "competition_id".equals(column) ? "competitionId" : "id";
        Submission.update("scoringAgain = true where " + where + " = ?1 and scoringClaimedBy is not null", value);
        Submission.update("scoringQueuedAt = ?1 where " + where + " = ?2 and scoringQueuedAt is null", Instant.now(), value);
        return rows;
    }

    /** In the caller's transaction, the submission locked: it is to be scored (after its rerun wrote its file). */
    static void requestScoring(Submission locked) {
        if (locked.scoringClaimedBy != null) {
            locked.scoringAgain = true;
        }
        if (locked.scoringQueuedAt == null) {
            locked.scoringQueuedAt = Instant.now();
        }
    }

    /** Claims the submission waiting longest for a scoring. */
    Optional<Long> claimScoring() {
        return QuarkusTransaction.requiringNew().call(() -> claim(
                "select s.id from submissions s where s.scoring_queued_at is not null and (s.scoring_claimed_by is null or "
                        + GONE.formatted("s.scoring_claimed_by") + ") order by s.scoring_queued_at, s.id",
                "select id, scoring_claimed_by from submissions where id = ?1 and scoring_queued_at is not null "
                        + "for update skip locked",
                (id, claimant) -> Submission.update("scoringClaimedBy = :self, scoringClaimedAt = :now where id = :id "
                        + "and scoringQueuedAt is not null and scoringClaimedBy " + same(claimant), parameters(id, claimant))));
    }

    /**
     * In the transaction recording a scoring, the submission locked: lets go of this replica's claim (keeping the
     * submission queued when one more scoring was asked for); false when the claim is not this replica's any more
     * (it was taken for dead and another replica scores the submission): then the result is not to be recorded.
     */
    static boolean settleScoring(Submission locked, String self) {
        if (!self.equals(locked.scoringClaimedBy)) {
            return false;
        }
        locked.scoringClaimedBy = null;
        locked.scoringClaimedAt = null;
        if (locked.scoringAgain) {
            locked.scoringAgain = false;
        } else {
            locked.scoringQueuedAt = null;
        }
        return true;
    }

    /**
     * Lets go of this replica's claim of a scoring whose end could not be recorded: the submission stays queued and is
     * scored again, by any replica; the failed recording left nothing. False when the claim is not this replica's.
     */
    boolean releaseScoring(long submissionId) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("update submissions set "
                        + "scoring_claimed_by = null, scoring_claimed_at = null where id = ?1 and scoring_claimed_by = ?2")
                .setParameter(1, submissionId).setParameter(2, self()).executeUpdate() == 1);
    }

    /** As {@link #releaseScoring}, for a rerun: queued again, to run again. */
    boolean releaseRerun(long submissionId) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("update submissions set status = 'QUEUED', "
                        + "rerun_claimed_by = null, rerun_claimed_at = null where id = ?1 and rerun_claimed_by = ?2 "
                        + "and status in ('QUEUED', 'RERUNNING')")
                .setParameter(1, submissionId).setParameter(2, self()).executeUpdate() == 1);
    }

    /**
     * Ends this replica's claim of a scoring (or a rerun) whose end could not be recorded again: the submission fails
     * as the platform's fault instead of being claimed for ever. False when the claim is not this replica's.
     */
    boolean giveUp(long submissionId, boolean rerun, String why) {
        String claimant = rerun ? "rerun_claimed_by" : "scoring_claimed_by";
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("update submissions set status = 'ERROR', "
                        + "public_score = null, private_score = null, error = ?1, organizer_error = ?2, scored_at = ?3, "
                        + "selected = false, scoring_queued_at = null, scoring_again = false, scoring_claimed_by = null, "
                        + "scoring_claimed_at = null, rerun_claimed_by = null, rerun_claimed_at = null "
                        + "where id = ?4 and " + claimant + " = ?5")
                .setParameter(1, ScoreResult.NEUTRAL_MESSAGE).setParameter(2, why).setParameter(3, Instant.now())
                .setParameter(4, submissionId).setParameter(5, self()).executeUpdate() == 1);
    }

    /** Whether a code submission's rerun waits unclaimed. */
    boolean rerunWaiting() {
        return QuarkusTransaction.requiringNew().call(() -> !em.createNativeQuery(freeReruns()).setMaxResults(1)
                .getResultList().isEmpty());
    }

    /** Claims the oldest code submission waiting for its rerun, in the caller's transaction. */
    Optional<Long> claimRerun() {
        return claim(freeReruns(),
                "select id, rerun_claimed_by from submissions where id = ?1 and status in ('QUEUED', 'RERUNNING') "
                        + "for update skip locked",
                (id, claimant) -> {
                    Map<String, Object> parameters = parameters(id, claimant);
                    parameters.put("waiting", RERUN_WAITING);
                    return Submission.update("rerunClaimedBy = :self, rerunClaimedAt = :now where id = :id "
                            + "and result.status in :waiting and rerunClaimedBy " + same(claimant), parameters);
                });
    }

    private static String freeReruns() {
        return "select s.id from submissions s where s.status in ('QUEUED', 'RERUNNING') and (s.rerun_claimed_by is null or "
                + GONE.formatted("s.rerun_claimed_by") + ") order by s.id";
    }

    /** Whether this replica still holds the submission's rerun; in the caller's transaction, the submission locked. */
    static boolean holdsRerun(Submission locked, String self) {
        return self.equals(locked.rerunClaimedBy);
    }

    static void releaseRerun(Submission locked) {
        locked.rerunClaimedBy = null;
        locked.rerunClaimedAt = null;
    }

    /** Marks a locked submission claimed by this replica if its claimant is still {@code claimant}: 1 row, or 0. */
    private interface ClaimUpdate {
        int claim(long id, String claimant);
    }

    private static String same(String claimant) {
        return claimant == null ? "is null" : "= :claimant";
    }

    private Map<String, Object> parameters(long id, String claimant) {
        Map<String, Object> parameters = new HashMap<>(Map.of("self", self(), "now", Instant.now(), "id", id));
        if (claimant != null) {
            parameters.put("claimant", claimant);
        }
        return parameters;
    }

    /**
     * The candidates are read without locks; each is then locked, skipped when another replica holds its lock, and
     * claimed only if it is still free: unclaimed, or claimed by a replica that is gone.
     */
    private Optional<Long> claim(String candidates, String lock, ClaimUpdate update) {
        @SuppressWarnings("unchecked")
        List<Number> ids = em.createNativeQuery(candidates).setMaxResults(CANDIDATES).getResultList();
        for (Number id : ids) {
            @SuppressWarnings("unchecked")
            List<Object[]> locked = em.createNativeQuery(lock).setParameter(1, id.longValue()).getResultList();
            if (locked.isEmpty()) {
                continue;
            }
            String claimant = (String) locked.get(0)[1];
            if (claimant != null && replicaAlive(claimant)) {
                continue;
            }
            if (update.claim(id.longValue(), claimant) == 1) {
                if (claimant != null) {
                    LOG.infof("Submission %d was claimed by replica %s, which is gone; this replica (%s) takes it",
                            id.longValue(), claimant, self());
                }
                return Optional.of(id.longValue());
            }
        }
        return Optional.empty();
    }

    private boolean replicaAlive(String id) {
        return !em.createNativeQuery("select id from server_replicas where id = ?1").setParameter(1, id)
                .getResultList().isEmpty();
    }
}
