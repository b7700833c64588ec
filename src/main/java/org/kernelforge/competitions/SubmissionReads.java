package org.kernelforge.competitions;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.kernelforge.competitions.CompetitionViews.ScoreHistoryEntry;
import org.kernelforge.competitions.CompetitionViews.SubmissionView;
import org.kernelforge.identity.Account;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.kernels.KernelOutputs;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.storage.StoredFile;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A competitor's own submissions, every submission for organizers, and final selection. A private
 * score stays hidden from competitors until the competition ends; organizer-only details never
 * reach competitors.
 */
@ApplicationScoped
public class SubmissionReads {

    private final CurrentUser current;
    private final CompetitionQueries queries;
    private final Clock clock;
    private final KernelOutputs kernelOutputs;

    SubmissionReads(CurrentUser current, CompetitionQueries queries, Clock clock, KernelOutputs kernelOutputs) {
        this.current = current;
        this.queries = queries;
        this.clock = clock;
        this.kernelOutputs = kernelOutputs;
    }

    /** The submissions of the caller's team (by any member), newest first; with {@code all} (organizers) everyone's. */
    @Transactional
    public List<SubmissionView> list(String slug, boolean all) {
        Competition c = queries.find(slug);
        Account me = current.require();
        boolean organizer = c.isOrganizedBy(me);
        if (all && !organizer) {
            throw ProblemException.forbidden("Only the organizers of '" + slug + "' see every submission");
        }
        List<Submission> submissions = all
                ? Submission.list("competitionId = ?1 order by createdAt desc, id desc", c.id)
                : Entrant.of(c.id, me.id()).map(e -> Submission.ofEntrant(e.id)).orElse(List.of());
        Map<Long, String> names = Entrant.<Entrant>list("competitionId", c.id).stream()
                .collect(Collectors.toMap(e -> e.id, e -> e.name));
        Map<Long, Integer> versionNumbers = versionNumbers(submissions);
        List<Long> ids = submissions.stream().map(s -> s.id).toList();
        Map<Long, String> failures = c.isCode() ? CodeRerun.failureKinds(ids) : Map.of();
        Map<Long, Integer> revisions = c.isCode() ? CodeRerun.revisions(ids) : Map.of();
        return submissions.stream()
                .map(s -> view(c, s, organizer, names.get(s.entrantId), versionNumbers, failures, revisions))
                .toList();
    }

    /** One submission with every scoring it had. */
    @Transactional
    public Detail one(String slug, long id) {
        Competition c = queries.find(slug);
        Submission s = visible(c, id);
        boolean organizer = c.isOrganizedBy(current.get().orElse(null));
        boolean revealed = organizer || c.hasEnded(clock.instant());
        List<ScoreHistoryEntry> history = SubmissionScore.historyOf(s.id).stream()
                .map(h -> new ScoreHistoryEntry(h.generation, h.metric, h.result.status(), h.result.publicScore(),
                        revealed ? h.result.privateScore() : null, h.result.error(),
                        organizer ? h.result.organizerError() : null, h.result.scoredAt(), h.hiddenDataRevision))
                .toList();
        String entrant = Entrant.<Entrant>findByIdOptional(s.entrantId).map(e -> e.name).orElse(null);
        return new Detail(view(c, s, organizer, entrant), history);
    }

    public record Detail(SubmissionView submission, List<ScoreHistoryEntry> history) {
    }

    /** The submitted bytes, for their competitor and the organizers. */
    @Transactional
    public StoredFile file(String slug, long id) {
        Competition c = queries.find(slug);
        Submission s = visible(c, id);
        if (c.isCode() && !c.isOrganizedBy(current.require())) {
            // written by the rerun from the hidden data: its ids and rows are the organizers' secret
            throw ProblemException.notFound("The file of a code submission is written from the hidden data; only "
                    + "the organizers can download it");
        }
        if (s.sha256.equals(CodeReruns.NO_FILE_YET)) {
            throw ProblemException.notFound("Submission " + id + " has no file: its rerun did not write one");
        }
        return new StoredFile(s.fileName, s.sha256, s.size);
    }

    /** When the submitted bytes came. */
    @Transactional
    public Instant submittedAt(String slug, long id) {
        return visible(queries.find(slug), id).createdAt;
    }

    @Transactional
    public SubmissionView select(String slug, long id, Boolean selected) {
        if (selected == null) {
            throw ProblemException.badRequest("selected", "Send {\"selected\": true} or {\"selected\": false}");
        }
        Competition c = queries.find(slug);
        Account me = current.require();
        Entrant entrant = Entrant.lockOf(c.id, me.id()).orElseThrow(() -> notFound(id));
        Submission s = Submission.<Submission>findByIdOptional(id).filter(x -> x.entrantId.equals(entrant.id))
                .orElseThrow(() -> notFound(id));
        if (c.hasEnded(clock.instant())) {
            throw ProblemException.conflict("selected", "The competition ended at " + c.endTime
                    + "; final submissions can no longer change");
        }
        if (selected && !s.selected) {
            if (!s.isComplete()) {
                throw ProblemException.conflict("selected", "Only a submission that scored can be a final one; this one is "
                        + s.result.status().id());
            }
            long chosen = Submission.count("entrantId = ?1 and selected = true", entrant.id);
            if (chosen >= c.finalSubmissionCount) {
                throw ProblemException.conflict("selected", "You have already selected " + chosen + " final submissions, "
                        + "the most this competition allows; unselect one first");
            }
        }
        s.selected = selected;
        return view(c, s, c.isOrganizedBy(me), entrant.name);
    }

    private Submission visible(Competition c, long id) {
        Account me = current.require();
        Submission s = Submission.<Submission>findByIdOptional(id).filter(x -> x.competitionId.equals(c.id))
                .orElseThrow(() -> notFound(id));
        if (!c.isOrganizedBy(me) && Entrant.of(c.id, me.id()).map(e -> !e.id.equals(s.entrantId)).orElse(true)) {
            throw notFound(id);
        }
        return s;
    }

    private static ProblemException notFound(long id) {
        return ProblemException.notFound("You have no submission " + id + " in this competition");
    }

    private SubmissionView view(Competition c, Submission s, boolean organizer, String entrant) {
        return view(c, s, organizer, entrant, versionNumbers(List.of(s)),
                c.isCode() ? CodeRerun.failureKinds(List.of(s.id)) : Map.of(),
                c.isCode() ? CodeRerun.revisions(List.of(s.id)) : Map.of());
    }

    /** The version numbers of the kernel versions the submissions came from, by version id, in one query. */
    private Map<Long, Integer> versionNumbers(List<Submission> submissions) {
        return kernelOutputs.versionNumbers(submissions.stream().map(s -> s.kernelVersionId).filter(Objects::nonNull)
                .distinct().toList());
    }

    private SubmissionView view(Competition c, Submission s, boolean organizer, String entrant,
                                Map<Long, Integer> versionNumbers, Map<Long, String> failures,
                                Map<Long, Integer> revisions) {
        boolean revealed = organizer || c.hasEnded(clock.instant());
        Integer kernelVersion = s.kernelVersionId == null ? null : versionNumbers.get(s.kernelVersionId);
        ScoreResult r = s.result;
        return new SubmissionView(s.id, r.status(), r.publicScore(), revealed ? r.privateScore() : null, r.error(),
                s.description, s.fileName, c.isCode() && !organizer ? 0 : s.size, s.kernelRef, kernelVersion,
                s.createdAt, r.scoredAt(), s.selected, entrant, organizer ? r.organizerError() : null, entrant,
                s.submittedByName, failures.containsKey(s.id) ? new CompetitionViews.Failure(failures.get(s.id)) : null,
                revisions.get(s.id));
    }
}
