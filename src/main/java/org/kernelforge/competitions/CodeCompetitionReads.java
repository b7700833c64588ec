package org.kernelforge.competitions;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.kernelforge.competitions.CompetitionViews.HiddenDataInfo;
import org.kernelforge.platform.ProblemException;

import java.time.Instant;
import java.util.List;

/** What organizers read of a code competition: its hidden data's listing and its reruns' logs. */
@ApplicationScoped
class CodeCompetitionReads {

    /** A rerun as the organizer page lists it. */
    record RerunRow(long submissionId, String entrant, String kernel, String status, String failureKind,
                    Instant finishedAt) {
    }

    private final CompetitionQueries queries;

    CodeCompetitionReads(CompetitionQueries queries) {
        this.queries = queries;
    }

    @Transactional
    HiddenDataInfo hiddenData(String slug) {
        Competition c = queries.organizedOrNotFound(slug, "hidden data");
        if (!c.isCode() || c.hiddenDataUploadedAt == null) {
            throw ProblemException.notFound("'" + slug + "' has no hidden data yet; upload a zip with PUT");
        }
        return CodeCompetitionSettings.hiddenData(c, true);
    }

    @Transactional
    String rerunLog(String slug, long submissionId) {
        Competition c = queries.organizedOrNotFound(slug, "rerun log");
        CodeRerun rerun = CodeRerun.<CodeRerun>findByIdOptional(submissionId)
                .filter(r -> r.competitionId.equals(c.id))
                .orElseThrow(() -> ProblemException.notFound("Submission " + submissionId + " of '" + slug
                        + "' has no rerun"));
        if (rerun.finishedAt == null) {
            throw ProblemException.notFound("The rerun of submission " + submissionId + " has not finished; its log "
                    + "is kept when it ends");
        }
        return rerun.log == null ? "" : rerun.log;
    }

    /** The latest reruns of the competition, for its organizer page. */
    @Transactional
    List<RerunRow> recent(Competition c) {
        List<Submission> submissions = Submission.list("competitionId = ?1 order by createdAt desc, id desc", c.id);
        return submissions.stream().limit(50).map(s -> {
            CodeRerun r = CodeRerun.findById(s.id);
            Entrant e = Entrant.findById(s.entrantId);
            return new RerunRow(s.id, e == null ? null : e.name, s.kernelRef, s.result.status().id(),
                    r == null ? null : r.failureKind, r == null ? null : r.finishedAt);
        }).toList();
    }
}
