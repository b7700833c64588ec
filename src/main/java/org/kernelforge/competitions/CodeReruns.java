package org.kernelforge.competitions;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;
import org.kernelforge.kernels.ScoringReruns;
import org.kernelforge.storage.StoredFile;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Takes a code submission from queued through its rerun ({@link ScoringReruns}) to scoring: rerunning while its
 * container runs; then the file it wrote is the submission's file, scored as an uploaded one; or the submission
 * fails with a {@link RerunFailure} kind, its log kept for the organizers. Reruns cut short by a restart run again.
 */
@ApplicationScoped
class CodeReruns {

    private static final Logger LOG = Logger.getLogger(CodeReruns.class);

    /** Where a code submission starts: it has no file until its rerun writes one. */
    static final ScoreResult QUEUED = new ScoreResult(SubmissionStatus.QUEUED, null, null, null, null, null);
    static final String NO_FILE_YET = "";

    private final ScoringReruns reruns;
    private final ScoringQueue scoring;
    private final HiddenData hidden;
    private final CodeCompetitionSettings settings;
    private final Clock clock;

    CodeReruns(ScoringReruns reruns, ScoringQueue scoring, HiddenData hidden, CodeCompetitionSettings settings, Clock clock) {
        this.reruns = reruns;
        this.scoring = scoring;
        this.hidden = hidden;
        this.settings = settings;
        this.clock = clock;
    }

    void resumeAfterRestart(@Observes StartupEvent event) {
        List<Long> waiting = QuarkusTransaction.requiringNew().call(() -> Submission.find(
                "select s.id from Submission s where s.result.status in ?1 order by s.id",
                List.of(SubmissionStatus.QUEUED, SubmissionStatus.RERUNNING)).project(Long.class).list());
        waiting.forEach(this::start);
        if (!waiting.isEmpty()) {
            LOG.infof("Rerunning %d code submissions left unfinished", waiting.size());
        }
    }

    /** Queues the rerun of a code submission that was just recorded. */
    void start(long submissionId) {
        ScoringReruns.Request request = QuarkusTransaction.requiringNew().call(() -> {
            Submission s = Submission.findById(submissionId);
            Competition c = Competition.findById(s.competitionId);
            return new ScoringReruns.Request("s" + s.id, s.kernelVersionId, c.slug, hidden.rerunFiles(c),
                    settings.limits(c), c.submissionFile);
        });
        reruns.rerun(request, new ScoringReruns.Listener() {
            @Override
            public void started() {
                QuarkusTransaction.requiringNew().run(() -> {
                    Submission s = Submission.findById(submissionId, LockModeType.PESSIMISTIC_WRITE);
                    if (s != null && s.result.status() == SubmissionStatus.QUEUED) {
                        s.result = new ScoreResult(SubmissionStatus.RERUNNING, null, null, null, null, null);
                        CodeRerun.<CodeRerun>findByIdOptional(submissionId).ifPresent(r -> r.startedAt = Instant.now());
                    }
                });
            }

            @Override
            public void finished(ScoringReruns.Result result) {
                boolean scoreIt = QuarkusTransaction.requiringNew().call(() -> record(submissionId, result));
                if (scoreIt) {
                    scoring.enqueue(submissionId);
                }
            }
        });
    }

    /** The rerun's end: the file to score (true), or the failure. */
    private boolean record(long submissionId, ScoringReruns.Result result) {
        Submission s = Submission.findById(submissionId, LockModeType.PESSIMISTIC_WRITE);
        if (s == null) {
            return false;
        }
        CodeRerun rerun = CodeRerun.<CodeRerun>findByIdOptional(submissionId).orElseGet(() -> {
            CodeRerun.create(s);
            return CodeRerun.findById(submissionId);
        });
        rerun.log = result.log();
        rerun.finishedAt = Instant.now();
        StoredFile output = result.output();
        if (output != null) {
            s.sha256 = output.sha256();
            s.size = output.size();
            s.result = new ScoreResult(SubmissionStatus.SCORING, null, null, null, null, null);
            return true;
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
        return false;
    }

    /**
     * A code submission's file refused by the scorer: the competitor gets the kind and a generic hint (the
     * scorer's message may quote hidden ids or values), the organizers the scorer's message.
     */
    static ScoreResult hideDetails(ScoreResult rejected) {
        return new ScoreResult(SubmissionStatus.ERROR, null, null, RerunFailure.MALFORMED_SUBMISSION.message(),
                "The file the rerun wrote was refused: " + rejected.error(), rejected.scoredAt());
    }

    /** After scoring: a refused file is a malformed-submission failure. */
    static void scored(long submissionId, ScoreResult result) {
        CodeRerun.<CodeRerun>findByIdOptional(submissionId).ifPresent(r -> r.failureKind =
                RerunFailure.MALFORMED_SUBMISSION.message().equals(result.error()) ? RerunFailure.MALFORMED_SUBMISSION.id() : null);
    }
}
