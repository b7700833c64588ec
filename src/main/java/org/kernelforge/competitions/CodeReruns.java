package org.kernelforge.competitions;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;
import org.kernelforge.kernels.ScoringReruns;
import org.kernelforge.kernels.WaitingReruns;
import org.kernelforge.platform.ServiceOutages;
import org.kernelforge.storage.StoredFile;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Takes a code submission from queued through its rerun ({@link ScoringReruns}) to scoring: rerunning while its
 * container runs; then the file it wrote is the submission's file, scored as an uploaded one; or the submission
 * fails with a {@link RerunFailure} kind, its log kept for the organizers. A queued submission waits in the database
 * until the run queue of some server replica claims it ({@link WaitingReruns}, {@link ScoringClaims}); reruns cut
 * short by a restart, or by the death of the replica running them, run again.
 * New hidden data reruns every submission on it ({@link #queueStale}); each rerun records the hidden data revision it
 * read, and one that read a replaced revision is run again rather than scored.
 */
@ApplicationScoped
class CodeReruns implements WaitingReruns {

    private static final Logger LOG = Logger.getLogger(CodeReruns.class);

    /** Where a code submission starts: it has no file until its rerun writes one. */
    static final ScoreResult QUEUED = new ScoreResult(SubmissionStatus.QUEUED, null, null, null, null, null);
    static final String NO_FILE_YET = "";

    private final ScoringReruns reruns;
    private final ScoringQueue scoring;
    private final ScoringClaims claims;
    private final HiddenData hidden;
    private final CodeCompetitionSettings settings;
    private final Clock clock;
    private final UnrecordedEnds unrecorded;

    CodeReruns(ScoringReruns reruns, ScoringQueue scoring, ScoringClaims claims, HiddenData hidden,
               CodeCompetitionSettings settings, Clock clock, UnrecordedEnds unrecorded) {
        this.unrecorded = unrecorded;
        this.reruns = reruns;
        this.scoring = scoring;
        this.claims = claims;
        this.hidden = hidden;
        this.settings = settings;
        this.clock = clock;
    }

    /** A code submission was queued (or queued again): this replica's run queue looks for it now. */
    void start(long submissionId) {
        reruns.wake();
    }

    @Override
    public boolean waiting() {
        return claims.rerunWaiting();
    }

    /**
     * Claims the oldest queued code submission for this replica: its rerun's request, on the current hidden data.
     * One whose request cannot be made fails (rather than coming back to the head of the queue at every slot).
     */
    @Override
    public Optional<Claimed> claimNext() {
        Optional<Long> claimed = QuarkusTransaction.requiringNew().call(claims::claimRerun);
        if (claimed.isEmpty()) {
            return Optional.empty();
        }
        long id = claimed.get();
        try {
            Queued queued = QuarkusTransaction.requiringNew().call(() -> queued(id));
            return queued == null ? Optional.empty() : Optional.of(new Claimed(queued.request(), listener(queued)));
        } catch (RuntimeException e) {
            LOG.errorf(e, "Could not prepare the rerun of submission %d", id);
            try {
                ServiceOutages.retryWhileDatabaseDown(() -> QuarkusTransaction.requiringNew().run(() -> failUnprepared(id,
                        ScoreResult.organizersFault("The platform could not prepare the rerun of this kernel version: "
                                + e.getMessage()))));
            } catch (RuntimeException notRecorded) {
                unrecorded.rerun(id, notRecorded);
            }
            return Optional.empty();
        }
    }

    /** The claimed submission's rerun; null when it is gone, or its kernel version is (then the submission fails). */
    private Queued queued(long submissionId) {
        Submission s = Submission.findById(submissionId);
        if (s == null) {
            return null; // deleted with its competition
        }
        if (s.kernelVersionId == null) {
            failUnprepared(submissionId, new ScoreResult(SubmissionStatus.ERROR, null, null, "The kernel version of this "
                    + "submission was deleted before its rerun; submit another version", null, null));
            return null;
        }
        Competition c = Competition.findById(s.competitionId);
        return new Queued(s.id, new ScoringReruns.Request("s" + s.id, s.kernelVersionId, c.slug, hidden.rerunFiles(c),
                settings.limits(c), c.submissionFile), c.hiddenDataRevision);
    }

    /** A claimed rerun that cannot start: the submission fails and the claim is let go. */
    private void failUnprepared(long submissionId, ScoreResult failure) {
        Submission s = Submission.findById(submissionId, LockModeType.PESSIMISTIC_WRITE);
        if (s != null && ScoringClaims.holdsRerun(s, claims.self())) {
            ScoringClaims.releaseRerun(s);
            s.result = failure.at(clock.instant());
            s.selected = false;
        }
    }

    private ScoringReruns.Listener listener(Queued queued) {
        long submissionId = queued.submissionId();
        String self = claims.self();
        return new ScoringReruns.Listener() {
            /** Only shown: a rerun whose start could not be recorded runs on, and its end is recorded as usual. */
            @Override
            public void started() {
                try {
                    QuarkusTransaction.requiringNew().run(() -> {
                        Submission s = Submission.findById(submissionId, LockModeType.PESSIMISTIC_WRITE);
                        if (s != null && s.result.status() == SubmissionStatus.QUEUED && ScoringClaims.holdsRerun(s, self)) {
                            s.result = new ScoreResult(SubmissionStatus.RERUNNING, null, null, null, null, null);
                            CodeRerun.<CodeRerun>findByIdOptional(submissionId).ifPresent(r -> r.startedAt = Instant.now());
                        }
                    });
                } catch (RuntimeException e) {
                    LOG.warnf("Could not show submission %d as rerunning: %s", submissionId, e.getMessage());
                }
            }

            /** Waits for a database that went away; one that stays away lets go of the rerun, to run again. */
            @Override
            public void finished(ScoringReruns.Result result) {
                Next next;
                try {
                    next = ServiceOutages.retryWhileDatabaseDown(() -> QuarkusTransaction.requiringNew()
                            .call(() -> record(submissionId, self, queued.revision(), result)));
                } catch (RuntimeException e) {
                    unrecorded.rerun(submissionId, e);
                    next = Next.RERUN;
                }
                if (next == Next.SCORE) {
                    scoring.wake();
                } else if (next == Next.RERUN) {
                    start(submissionId);
                }
            }
        };
    }

    /** A rerun request and the revision of the hidden data it mounts. */
    private record Queued(long submissionId, ScoringReruns.Request request, int revision) {
    }

    private enum Next { SCORE, RERUN, DONE }

    /**
     * The rerun's end: the file to score, or the failure; the claim is let go either way. A rerun that read hidden
     * data replaced since is thrown away and run again on the new data. The submission's lock comes first, then the
     * competition is read: an upload of hidden data that waited for this lock has committed its new revision by then
     * ({@link #queueStale}). A rerun whose claim was taken from this replica (taken for dead) is another's now.
     */
    private Next record(long submissionId, String self, int revision, ScoringReruns.Result result) {
        Submission s = Submission.findById(submissionId, LockModeType.PESSIMISTIC_WRITE);
        if (s == null) {
            return Next.DONE;
        }
        if (!ScoringClaims.holdsRerun(s, self)) {
            LOG.infof("Submission %d was taken over by replica %s while this one reran it: its rerun is theirs",
                    submissionId, s.rerunClaimedBy);
            return Next.DONE;
        }
        ScoringClaims.releaseRerun(s);
        CodeRerun rerun = CodeRerun.<CodeRerun>findByIdOptional(submissionId).orElseGet(() -> {
            CodeRerun.create(s);
            return CodeRerun.findById(submissionId);
        });
        Competition c = Competition.findById(s.competitionId);
        if (revision < c.hiddenDataRevision) {
            LOG.infof("Submission %d was rerun on hidden data revision %d; revision %d replaced it: rerunning",
                    submissionId, revision, c.hiddenDataRevision);
            requeue(s, rerun);
            return Next.RERUN;
        }
        rerun.log = result.log();
        rerun.finishedAt = Instant.now();
        rerun.hiddenDataRevision = revision;
        StoredFile output = result.output();
        if (output != null) {
            s.sha256 = output.sha256();
            s.size = output.size();
            s.result = new ScoreResult(SubmissionStatus.SCORING, null, null, null, null, null);
            ScoringClaims.requestScoring(s);
            return Next.SCORE;
        }
        RerunFailure failure = RerunFailure.of(result.failure());
        if (failure == null) {
            s.result = ScoreResult.organizersFault("The platform could not rerun this kernel version: "
                    + result.message()).at(clock.instant());
        } else {
            rerun.failureKind = failure.id();
            s.result = new ScoreResult(SubmissionStatus.ERROR, null, null, failure.message(),
                    "The rerun ended: " + result.message(), clock.instant());
        }
        s.selected = false;
        return Next.DONE;
    }

    /**
     * In the transaction that raised the competition's hidden data revision (the competition locked): every code
     * submission whose last rerun read an older revision and that is not rerunning now (complete, failed, or being
     * scored) goes back to queued; answers their ids, to {@link #start} once committed. Those queued or rerunning
     * are left to {@link #record}, which reruns them when it finds their revision replaced. The earlier scores stay
     * in the submissions' history.
     */
    static List<Long> queueStale(Competition locked) {
        List<Long> candidates = Submission.find("select s.id from Submission s where s.competitionId = ?1 "
                        + "and s.result.status in ?2 order by s.id", locked.id,
                List.of(SubmissionStatus.COMPLETE, SubmissionStatus.ERROR, SubmissionStatus.SCORING))
                .project(Long.class).list();
        List<Long> queued = new ArrayList<>();
        for (long id : candidates) {
            Submission s = Submission.findById(id, LockModeType.PESSIMISTIC_WRITE);
            CodeRerun rerun = CodeRerun.findById(id);
            boolean settled = s.result.status() == SubmissionStatus.COMPLETE || s.result.status() == SubmissionStatus.ERROR
                    || s.result.status() == SubmissionStatus.SCORING;
            if (rerun != null && settled && (rerun.hiddenDataRevision == null
                    || rerun.hiddenDataRevision < locked.hiddenDataRevision)) {
                requeue(s, rerun);
                queued.add(id);
            }
        }
        return queued;
    }

    /** Back to queued, without a file: the old result stays in the history; the old rerun's file, failure and log go. */
    private static void requeue(Submission s, CodeRerun rerun) {
        s.result = QUEUED;
        s.sha256 = NO_FILE_YET;
        s.size = 0;
        rerun.failureKind = null;
        rerun.log = null;
        rerun.startedAt = null;
        rerun.finishedAt = null;
        rerun.hiddenDataRevision = null;
    }

    /**
     * A code submission's file refused by the scorer: the competitor gets the kind and a generic hint (the
     * scorer's message may quote hidden ids or values), the organizers the scorer's message.
     */
    static ScoreResult hideDetails(ScoreResult rejected) {
        return new ScoreResult(SubmissionStatus.ERROR, null, null, RerunFailure.MALFORMED_SUBMISSION.message(),
                "The file the rerun wrote was refused: " + rejected.error(), rejected.scoredAt());
    }

    /** Queued for its rerun or rerunning: a scoring that ends now is of a file it no longer has. */
    static boolean rerunning(Submission s) {
        return s.result.status() == SubmissionStatus.QUEUED || s.result.status() == SubmissionStatus.RERUNNING;
    }

    /** After scoring: a refused file is a malformed-submission failure. */
    static void scored(long submissionId, ScoreResult result) {
        CodeRerun.<CodeRerun>findByIdOptional(submissionId).ifPresent(r -> r.failureKind =
                RerunFailure.MALFORMED_SUBMISSION.message().equals(result.error()) ? RerunFailure.MALFORMED_SUBMISSION.id() : null);
    }
}
