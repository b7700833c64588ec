package org.kernelforge.competitions;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;
import org.kernelforge.competitions.scoring.Score;
import org.kernelforge.competitions.scoring.Scorer;
import org.kernelforge.competitions.scoring.ScoringSpec;
import org.kernelforge.competitions.scoring.Solution;
import org.kernelforge.competitions.scoring.SolutionRejected;
import org.kernelforge.competitions.scoring.SubmissionRejected;
import org.kernelforge.platform.ServiceOutages;
import org.kernelforge.storage.BlobCache;
import org.kernelforge.storage.BlobStore;

import java.io.InputStream;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Optional;

/**
 * Scores one submission against its competition's current solution and metric, and records the
 * result: always as a new history row, and as the submission's current score unless a newer scoring
 * (a later rescore) got there first.
 */
@ApplicationScoped
class SubmissionScorer {

    private static final Logger LOG = Logger.getLogger(SubmissionScorer.class);

    /** The facts a scoring needs, read in one short transaction. */
    record Job(long submissionId, String submissionSha256, int generation, long solutionId, String solutionSha256,
               String metric, ScoringSpec spec, String programSha256, boolean code, Integer hiddenDataRevision) {
    }

    private final BlobStore blobs;
    private final BlobCache cache;
    private final SolutionCache solutions;
    private final CustomScoring custom;
    private final Clock clock;

    SubmissionScorer(BlobStore blobs, BlobCache cache, SolutionCache solutions, CustomScoring custom, Clock clock) {
        this.blobs = blobs;
        this.cache = cache;
        this.solutions = solutions;
        this.custom = custom;
        this.clock = clock;
    }

    /**
     * Scores a submission this replica ({@code self}) claimed, and lets go of the claim. Its reads and its record wait
     * for a database that went away (not the scoring itself); one that stays away longer fails the call, with nothing
     * recorded. A record whose commit was lost with the connection is not made twice: the claim it let go is gone.
     */
    void score(long submissionId, String self) {
        Optional<Job> job = ServiceOutages.retryWhileDatabaseDown(() -> QuarkusTransaction.requiringNew().call(() -> job(submissionId)));
        if (job.isEmpty()) {
            ServiceOutages.retryWhileDatabaseDown(() -> QuarkusTransaction.requiringNew().run(() -> Submission
                    .<Submission>findByIdOptional(submissionId, LockModeType.PESSIMISTIC_WRITE)
                    .ifPresent(s -> ScoringClaims.settleScoring(s, self))));
            return;
        }
        ScoreResult outcome;
        try {
            outcome = job.get().programSha256() != null ? custom.score(job.get()) : builtIn(job.get());
        } catch (Exception e) {
            LOG.errorf(e, "Scoring submission %d failed on the platform side", submissionId);
            outcome = ScoreResult.organizersFault("The platform could not score this submission: " + e.getMessage());
        }
        if (job.get().code() && outcome.status() == SubmissionStatus.ERROR && outcome.organizerError() == null) {
            outcome = CodeReruns.hideDetails(outcome);
        }
        ScoreResult result = outcome.at(clock.instant());
        ServiceOutages.retryWhileDatabaseDown(() -> QuarkusTransaction.requiringNew().run(() -> record(job.get(), result, self)));
    }

    private ScoreResult builtIn(Job job) throws Exception {
        Solution solution;
        try {
            solution = solutions.get(job.solutionSha256(), job.spec());
        } catch (SolutionRejected e) {
            return ScoreResult.organizersFault("The solution does not fit the scoring settings: " + e.getMessage());
        }
        try (InputStream in = Files.newInputStream(cache.fetch(job.submissionSha256(), blobs))) {
            Score score = Scorer.score(solution, in, job.spec());
            return ScoreResult.scored(score.publicScore(), score.privateScore());
        } catch (SubmissionRejected e) {
            return ScoreResult.rejected(e.getMessage());
        }
    }

    private static Optional<Job> job(long submissionId) {
        Submission s = Submission.findById(submissionId);
        if (s == null || s.sha256.equals(CodeReruns.NO_FILE_YET)) {
            return Optional.empty(); // a code submission's rerun has not written its file (yet)
        }
        Competition c = Competition.findById(s.competitionId);
        if (c.solutionId == null || (c.isCustom() && c.scoringProgramSha256 == null)) {
            return Optional.empty(); // scored once the organizers complete the setup
        }
        CompetitionSolution solution = CompetitionSolution.findById(c.solutionId);
        ScoringSpec spec = c.isCustom() ? null : c.scoringSpec();
        Integer revision = c.isCode() ? CodeRerun.<CodeRerun>findByIdOptional(s.id).map(r -> r.hiddenDataRevision).orElse(null)
                : null;
        return Optional.of(new Job(s.id, s.sha256, c.scoringGeneration, solution.id, solution.sha256, c.metric, spec,
                c.isCustom() ? c.scoringProgramSha256 : null, c.isCode(), revision));
    }

    private static void record(Job job, ScoreResult result, String self) {
        Submission s = Submission.findById(job.submissionId(), LockModeType.PESSIMISTIC_WRITE);
        if (s == null) {
            return;
        }
        if (!ScoringClaims.settleScoring(s, self)) {
            LOG.infof("Submission %d was taken over by replica %s while this one scored it: its scoring is theirs",
                    s.id, s.scoringClaimedBy);
            return;
        }
        SubmissionScore score = new SubmissionScore();
        score.submissionId = s.id;
        score.generation = job.generation();
        score.solutionId = job.solutionId();
        score.metric = job.metric();
        score.result = result;
        score.hiddenDataRevision = job.hiddenDataRevision();
        boolean newer = SubmissionScore.count("submissionId = ?1 and generation > ?2", s.id, job.generation()) > 0;
        score.persist();
        if (job.code() && (CodeReruns.rerunning(s) || !s.sha256.equals(job.submissionSha256()))) {
            return; // new hidden data queued it again meanwhile: this file is history, its rerun writes the next one
        }
        if (job.code()) {
            CodeReruns.scored(s.id, result);
        }
        if (newer) {
            return;
        }
        s.result = result;
        if (!s.isComplete()) {
            s.selected = false;
        }
    }
}
