package org.kernelforge.competitions;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scorings and reruns whose end this replica could not record even after waiting for the database
 * ({@code ServiceOutages.retryWhileDatabaseDown}): their claims are let go, so the submission is scored (or rerun)
 * again by any replica instead of staying "scoring" until this replica restarts; the failed recording left nothing,
 * so it is scored once. A submission whose end fails to be recorded a second time here fails as the platform's
 * fault rather than going round for ever. A release the database refuses too is tried again by the scoring threads
 * every second ({@link #releaseWaiting}).
 */
@ApplicationScoped
class UnrecordedEnds {

    private static final Logger LOG = Logger.getLogger(UnrecordedEnds.class);
    /** Failed recordings of one submission's end on this replica before it fails instead of going again. */
    static final int ATTEMPTS = 2;

    private enum Work { SCORING, RERUN }

    private final ScoringClaims claims;
    /** Submissions whose claim still waits to be let go, and of which work. */
    private final Map<Long, Work> waiting = new ConcurrentHashMap<>();
    /** Failed recordings per submission and work on this replica. */
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private volatile boolean releaseFailing;

    UnrecordedEnds(ScoringClaims claims) {
        this.claims = claims;
    }

    /** The scoring's result could not be recorded: scored again. */
    void scoring(long submissionId, RuntimeException why) {
        failed(submissionId, Work.SCORING, why);
    }

    /** The rerun's end could not be recorded: rerun again. */
    void rerun(long submissionId, RuntimeException why) {
        failed(submissionId, Work.RERUN, why);
    }

    private void failed(long submissionId, Work work, RuntimeException why) {
        int count = failures.merge(work + ":" + submissionId, 1, Integer::sum);
        LOG.errorf(why, "Could not record the end of the %s of submission %d (%d of %d); %s", work.name().toLowerCase(),
                submissionId, count, ATTEMPTS, count < ATTEMPTS ? "letting it go, to be done again" : "it fails as the platform's fault");
        waiting.put(submissionId, work);
        releaseWaiting();
    }

    /** Lets go of the claims waiting for it; those the database refuses now wait for the next call. */
    synchronized void releaseWaiting() {
        for (Map.Entry<Long, Work> entry : waiting.entrySet()) {
            long id = entry.getKey();
            Work work = entry.getValue();
            try {
                release(id, work);
                waiting.remove(id, work);
                releaseFailing = false;
            } catch (RuntimeException e) {
                if (!releaseFailing) { // once per outage, not every second
                    LOG.warnf("Could not let go of submission %d yet: %s; trying again every second", id, e.getMessage());
                }
                releaseFailing = true;
                return;
            }
        }
    }

    private void release(long submissionId, Work work) {
        String key = work + ":" + submissionId;
        if (failures.getOrDefault(key, 0) >= ATTEMPTS) {
            claims.giveUp(submissionId, work == Work.RERUN, "The platform could not record the end of the "
                    + work.name().toLowerCase() + " of this submission " + ATTEMPTS + " times");
            failures.remove(key);
        } else if (work == Work.RERUN) {
            claims.releaseRerun(submissionId);
        } else {
            claims.releaseScoring(submissionId);
        }
    }
}
