package org.kernelforge.competitions;

import org.kernelforge.platform.ProblemException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Kaggle's rules for a team taking members: before the merger deadline, within the maximum team size, and (for a
 * merge) with no more submissions together than the daily limit would have let one team make so far. Each refusal
 * is a 409 whose field names the competition setting behind the rule.
 */
final class MergeRules {

    private MergeRules() {
    }

    /** {@code joining} is the team that would move into {@code team}, or null when a user without a team joins it. */
    static void check(Competition c, Entrant team, Entrant joining, Instant now) {
        if (now.isAfter(c.mergerDeadline())) {
            throw ProblemException.conflict("teamMergerDeadline", "The team merger deadline of '" + c.slug + "' was "
                    + c.mergerDeadline() + "; teams can no longer merge or take new members");
        }
        long members = TeamMember.countOf(team.id);
        long arriving = joining == null ? 1 : TeamMember.countOf(joining.id);
        if (members + arriving > c.maxTeamSize) {
            throw ProblemException.conflict("maxTeamSize", "Team '" + team.name + "' has " + members + " member"
                    + (members == 1 ? "" : "s") + " and would have " + (members + arriving) + "; the maximum team size of '"
                    + c.slug + "' is " + c.maxTeamSize);
        }
        if (joining != null) {
            long combined = Submission.countedOf(team.id) + Submission.countedOf(joining.id);
            long days = daysSoFar(c, now);
            long allowed = days * c.dailySubmissionLimit;
            if (combined > allowed) {
                throw ProblemException.conflict("dailySubmissionLimit", "Teams '" + team.name + "' and '" + joining.name
                        + "' have made " + combined + " submissions together; a merged team may have at most " + allowed
                        + " (the daily limit of " + c.dailySubmissionLimit + " times the " + days + " day"
                        + (days == 1 ? "" : "s") + " of '" + c.slug + "' so far): the submission count rule");
            }
        }
    }

    /**
     * The UTC calendar days on which submissions could be made so far: from the day the competition started through
     * today, both counted (0 before the start). The daily limit resets at midnight UTC, so each is one full quota.
     */
    static long daysSoFar(Competition c, Instant now) {
        if (now.isBefore(c.startTime)) {
            return 0;
        }
        LocalDate first = LocalDate.ofInstant(c.startTime, ZoneOffset.UTC);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return ChronoUnit.DAYS.between(first, today) + 1;
    }

    /** Joining the competition (a user without a team accepting an invitation) stops at the entry deadline. */
    static void checkEntry(Competition c, Instant now) {
        if (!now.isBefore(c.joiningEnds())) {
            throw ProblemException.conflict("entryDeadline", "The entry deadline of '" + c.slug + "' was "
                    + c.joiningEnds() + "; it takes no new competitors");
        }
    }
}
