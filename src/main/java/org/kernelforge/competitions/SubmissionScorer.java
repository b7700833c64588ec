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
import org.kernelforge.storage.BlobCache;
import org.kernelforge.storage.BlobStore;

import java.io.InputStream;
import java.nio.file.Files;
import java.time.Instant;
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
               String metric, ScoringSpec spec, String programSha256) {
    }

    private final BlobStore blobs;
    private final BlobCache cache;
    private final SolutionCache solutions;
    private final CustomScoring custom;

    SubmissionScorer(BlobStore blobs, BlobCache cache, SolutionCache solutions, CustomScoring custom) {
        this.blobs = blobs;
        this.cache = cache;
        this.solutions = solutions;
        this.custom = custom;
    }

    void score(long submissionId) {
        Optional<Job> job = QuarkusTransaction.requiringNew().call(() -> job(submissionId));
        if (job.isEmpty()) {
            return;
        }
        ScoringOutcome outcome;
        try {
            outcome = job.get().programSha256() != null ? custom.score(job.get()) : builtIn(job.get());
        } catch (Exception e) {
            LOG.errorf(e, "Scoring submission %d failed on the platform side", submissionId);
            outcome = new ScoringOutcome(Submission.ERROR, null, null, ScoringOutcome.NEUTRAL_MESSAGE,
                    "The platform could not score this submission: " + e.getMessage());
        }
        ScoringOutcome result = outcome;
        QuarkusTransaction.requiringNew().run(() -> record(job.get(), result));
    }

    private ScoringOutcome builtIn(Job job) throws Exception {
        Solution solution;
        try {
            solution = solutions.get(job.solutionSha256(), job.spec());
        } catch (SolutionRejected e) {
            return ScoringOutcome.organizersFault("The solution does not fit the scoring settings: " + e.getMessage());
        }
        try (InputStream in = Files.newInputStream(cache.fetch(job.submissionSha256(), blobs))) {
            Score score = Scorer.score(solution, in, job.spec());
            return ScoringOutcome.scored(score.publicScore(), score.privateScore());
        } catch (SubmissionRejected e) {
            return ScoringOutcome.rejected(e.getMessage());
        }
    }

    private static Optional<Job> job(long submissionId) {
        Submission s = Submission.findById(submissionId);
        if (s == null) {
            return Optional.empty();
        }
        Competition c = Competition.findById(s.competitionId);
        if (c.solutionId == null || (c.isCustom() && c.scoringProgramSha256 == null)) {
            return Optional.empty(); // scored once the organizers complete the setup
        }
        CompetitionSolution solution = CompetitionSolution.findById(c.solutionId);
        ScoringSpec spec = c.isCustom() ? null : c.scoringSpec();
        return Optional.of(new Job(s.id, s.sha256, c.scoringGeneration, solution.id, solution.sha256, c.metric, spec,
                c.isCustom() ? c.scoringProgramSha256 : null));
    }

    private static void record(Job job, ScoringOutcome outcome) {
        Submission s = Submission.findById(job.submissionId(), LockModeType.PESSIMISTIC_WRITE);
        if (s == null) {
            return;
        }
        SubmissionScore score = new SubmissionScore();
        score.submissionId = s.id;
        score.generation = job.generation();
        score.solutionId = job.solutionId();
        score.metric = job.metric();
        score.status = outcome.status();
        score.publicScore = outcome.publicScore();
        score.privateScore = outcome.privateScore();
        score.error = outcome.error();
        score.organizerError = outcome.organizerError();
        score.scoredAt = Instant.now();
        boolean newer = SubmissionScore.count("submissionId = ?1 and generation > ?2", s.id, job.generation()) > 0;
        score.persist();
        if (newer) {
            return;
        }
        s.status = outcome.status();
        s.publicScore = outcome.publicScore();
        s.privateScore = outcome.privateScore();
        s.error = outcome.error();
        s.organizerError = outcome.organizerError();
        s.scoredAt = score.scoredAt;
        if (!s.isComplete()) {
            s.selected = false;
        }
    }
}
