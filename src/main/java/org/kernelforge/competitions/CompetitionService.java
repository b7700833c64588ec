package org.kernelforge.competitions;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.groups.ConvertGroup;
import org.kernelforge.identity.Account;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.identity.Role;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.platform.UniqueViolations;

import java.time.Instant;
import java.util.Objects;

/** Creates and changes competitions, and lets competitors join them by accepting the rules. */
@ApplicationScoped
public class CompetitionService {

    private final CurrentUser current;
    private final CompetitionQueries queries;
    private final CompetitionSettings settings;
    private final SolutionService solutions;

    CompetitionService(CurrentUser current, CompetitionQueries queries, CompetitionSettings settings,
                       SolutionService solutions) {
        this.current = current;
        this.queries = queries;
        this.settings = settings;
        this.solutions = solutions;
    }

    /** {@code @Valid} here as on the resource: the pages call the service without going through the resource. */
    @Transactional
    public Competition create(@Valid @ConvertGroup(to = CompetitionRequest.Creation.class) CompetitionRequest request) {
        Account organizer = current.requireRole(Role.ORGANIZER);
        if (request == null) {
            throw ProblemException.badRequest(null, "Send the competition's settings as a JSON object");
        }
        Competition c = new Competition();
        c.organizerId = organizer.id();
        c.organizerName = organizer.username();
        settings.applyNew(c, request);
        if (Competition.findBySlug(c.slug).isPresent()) {
            throw slugTaken(c.slug);
        }
        c.createdAt = Instant.now();
        c.updatedAt = c.createdAt;
        return UniqueViolations.conflict(() -> {
            c.persist();
            return c;
        }, () -> slugTaken(c.slug));
    }

    private static ProblemException slugTaken(String slug) {
        return ProblemException.conflict("slug", "The slug '" + slug + "' is taken; choose another");
    }

    /** Changes settings; a new metric or new columns are checked against the solution and start a rescore. */
    @Transactional
    public boolean patch(String slug, @Valid CompetitionRequest request) {
        Competition c = Competition.lock(queries.organized(slug).id);
        if (request == null) {
            throw ProblemException.badRequest(null, "Send the settings to change as a JSON object");
        }
        if (request.slug() != null && !request.slug().equals(c.slug)) {
            throw ProblemException.badRequest("slug", "The slug of a competition cannot change");
        }
        String scoringBefore = scoringKey(c);
        settings.apply(c, request);
        c.updatedAt = Instant.now();
        boolean rescore = !scoringKey(c).equals(scoringBefore) && c.solutionId != null;
        if (rescore) {
            solutions.checkCurrentSolutionFits(c);
            c.scoringGeneration++;
        }
        return rescore;
    }

    /** A new scoring generation: every submission is scored again; earlier scores stay in the history. */
    @Transactional
    public int startRescore(String slug) {
        Competition c = Competition.lock(queries.organized(slug).id);
        if (c.solutionId == null) {
            throw ProblemException.conflict(null, "The competition '" + slug + "' has no solution to score against yet");
        }
        c.scoringGeneration++;
        return c.scoringGeneration;
    }

    /** Accepting the rules, which makes the caller a one-person team; joining twice is harmless. */
    @Transactional
    public Entrant join(String slug) {
        Account me = current.require();
        Competition c = queries.find(slug);
        if (c.hasEnded(Instant.now())) {
            throw ProblemException.forbidden("The competition '" + slug + "' ended at " + c.endTime
                    + "; it no longer takes new competitors");
        }
        return Entrant.of(c.id, me.id()).orElseGet(() -> {
            MergeRules.checkEntry(c, Instant.now());
            return Entrant.createSolo(c.id, me.id(), me.username(), Instant.now());
        });
    }

    private static String scoringKey(Competition c) {
        return String.join("|", c.metric, c.direction, Objects.toString(c.metricK), c.idColumn,
                String.join(",", c.targetColumns()));
    }
}
