package org.kernelforge.competitions;

import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.competitions.CompetitionViews.SubmissionAccepted;
import org.kernelforge.storage.BlobStore;

/**
 * Submissions as other features make them (Kaggle's protocol): the same rules as the JSON API's, answered as
 * records, each queued for scoring.
 */
@ApplicationScoped
public class SubmissionIntake {

    private final SubmissionService submissions;
    private final ScoringQueue scoring;

    SubmissionIntake(SubmissionService submissions, ScoringQueue scoring) {
        this.submissions = submissions;
        this.scoring = scoring;
    }

    public SubmissionAccepted storedFile(String slug, String name, BlobStore.Blob blob, String description) {
        return queued(submissions.submitStored(slug, name, blob, description));
    }

    public SubmissionAccepted kernelOutput(String slug, KernelSubmission request) {
        return queued(submissions.submitKernelOutput(slug, request));
    }

    private SubmissionAccepted queued(Submission s) {
        scoring.enqueue(s.id);
        return new SubmissionAccepted(s.id, s.result.status());
    }
}
