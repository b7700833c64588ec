package org.kernelforge.competitions;

import org.kernelforge.platform.ProblemException;

/** Writes the team settings of a create or PATCH body onto a competition; absent fields keep their value. */
final class TeamSettings {

    private TeamSettings() {
    }

    static void apply(Competition c, CompetitionRequest r) {
        if (r.maxTeamSize() != null) {
            c.maxTeamSize = r.maxTeamSize();
        }
        IsoTime.Check.parse(r.teamMergerDeadline()).ifPresent(at -> c.teamMergerDeadline = at);
        IsoTime.Check.parse(r.entryDeadline()).ifPresent(at -> c.entryDeadline = at);
        if (c.teamMergerDeadline != null && c.teamMergerDeadline.isAfter(c.endTime)) {
            throw ProblemException.badRequest("teamMergerDeadline", "The team merger deadline (" + c.teamMergerDeadline
                    + ") must not be after the end time (" + c.endTime + ")");
        }
        if (c.entryDeadline != null && c.entryDeadline.isAfter(c.endTime)) {
            throw ProblemException.badRequest("entryDeadline", "The entry deadline (" + c.entryDeadline
                    + ") must not be after the end time (" + c.endTime + ")");
        }
    }
}
