package org.kernelforge.competitions;

import org.kernelforge.competitions.CompetitionViews.SetupStep;
import org.kernelforge.web.Formats;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a competition needs before it opens for submissions, as the organizers' checklist. It opens (and shows as
 * active) only once it can score: a solution, and for a custom metric the scoring program.
 */
final class CompetitionSetup {

    private CompetitionSetup() {
    }

    static boolean canScore(Competition c) {
        return c.solutionId != null && (!c.isCustom() || c.scoringProgramSha256 != null)
                && (!c.isCode() || c.hiddenDataUploadedAt != null);
    }

    /** What keeps it from opening, in words for a competitor or an API client; empty when it can score. */
    static List<String> missing(Competition c) {
        List<String> missing = new ArrayList<>();
        if (c.solutionId == null) {
            missing.add("the solution");
        }
        if (c.isCustom() && c.scoringProgramSha256 == null) {
            missing.add("the scoring program");
        }
        if (c.isCode() && c.hiddenDataUploadedAt == null) {
            missing.add("the hidden data");
        }
        return missing;
    }

    /** Every step, done or not; {@code dataFiles} is the number of files in the competition's dataset version. */
    static List<SetupStep> checklist(Competition c, int dataFiles, Instant now) {
        String edit = "/competitions/" + c.slug + "/edit";
        List<SetupStep> steps = new ArrayList<>();
        steps.add(dataFiles > 0
                ? new SetupStep("data", true, dataFiles + (dataFiles == 1 ? " file" : " files") + " from " + c.datasetRef
                        + ", version " + c.datasetVersionNumber, null)
                : new SetupStep("data", false, "Version " + c.datasetVersionNumber + " of " + c.datasetRef
                        + " has no files; competitors have nothing to predict from", edit));
        if (!c.isCustom()) {
            steps.add(new SetupStep("metric", true, "Built-in metric " + c.metric + " (" + c.direction + ")", null));
        } else if (c.scoringProgramSha256 != null) {
            steps.add(new SetupStep("metric", true, "Custom scoring program uploaded (" + c.direction + ")", null));
        } else {
            steps.add(new SetupStep("metric", false, "Upload the scoring program of the custom metric", edit + "#prog-h"));
        }
        steps.add(c.solutionId != null
                ? new SetupStep("solution", true, "Solution uploaded", null)
                : new SetupStep("solution", false, "Upload the solution (" + c.idColumn + ", "
                        + String.join(", ", c.targetColumns()) + ", and Usage or a public fraction)", edit + "#sol-h"));
        if (c.isCode()) {
            steps.add(c.hiddenDataUploadedAt != null
                    ? new SetupStep("hiddenData", true, "Hidden data uploaded: scoring reruns read it in place of the "
                            + "public files of the same names", null)
                    : new SetupStep("hiddenData", false, "Upload the hidden data (a zip whose files replace the public "
                            + "files of the same names during scoring reruns)", edit + "#hidden-h"));
        }
        steps.add(c.hasEnded(now)
                ? new SetupStep("dates", false, "The end time has passed; set a later one to accept submissions", edit)
                : new SetupStep("dates", true, c.hasStarted(now) ? "Open until " + Formats.when(c.endTime)
                        : "Opens at " + Formats.when(c.startTime) + ", ends at " + Formats.when(c.endTime), null));
        return steps;
    }
}
