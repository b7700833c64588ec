package org.kernelforge.competitions;

import java.time.Instant;
import java.util.List;

/** What the competitions API answers. Never entities; never a hidden answer. */
public final class CompetitionViews {

    private CompetitionViews() {
    }

    /** @param state preparing (not open: it cannot score yet), upcoming, active or ended; @param joined whether the caller accepted the rules */
    public record CompetitionSummary(String slug, String title, String organizer, Instant startTime, Instant endTime,
                                     String state, String metric, String direction, boolean joined, long entrantCount,
                                     String url) {
    }

    public record CompetitionDetail(String slug, String title, String organizer, String description,
                                    String descriptionHtml, String rules, String rulesHtml, Instant startTime,
                                    Instant endTime, String state, DataRef dataset, String metric, String direction,
                                    Integer metricK, String idColumn, List<String> targetColumns,
                                    int dailySubmissionLimit, int finalSubmissionCount, boolean scoringReady,
                                    long entrantCount, Caller caller, SolutionInfo solution, Instant createdAt,
                                    String url, List<String> notOpenBecause, List<SetupStep> checklist,
                                    int maxTeamSize, Instant teamMergerDeadline, Instant entryDeadline,
                                    String kind, String submissionFile, CodeRunView codeRun, HiddenDataInfo hiddenData) {
    }

    /** A code competition's rerun limits, as in force (the deployment's defaults where none was set). */
    public record CodeRunView(int timeoutSeconds, String memory, boolean gpu) {
    }

    /**
     * Shown to organizers only: the hidden data's file names and sizes, never their content; its revision (one more
     * with each upload) and how many code submissions are queued, rerunning or being scored.
     */
    public record HiddenDataInfo(List<HiddenFileInfo> files, Instant uploadedAt, int revision, long rerunning) {
    }

    public record HiddenFileInfo(String path, long size) {
    }

    /**
     * The competition's data: its dataset version, where kernels mount it, and its page and API on the competition
     * (readable whatever the dataset's visibility); {@code datasetVisible} tells whether the caller may open the
     * dataset itself.
     */
    public record DataRef(String ref, int version, String mount, String page, String api, boolean datasetVisible) {
    }

    /** One item of the organizers' checklist; {@code fixAt} is the page where an item not done is done. */
    public record SetupStep(String item, boolean done, String detail, String fixAt) {
    }

    /**
     * The caller's standing: whether they joined, may organize, and how many submissions they have
     * left today (null when they have not joined).
     */
    public record Caller(boolean joined, boolean organizer, Integer submissionsLeftToday, Instant limitResetsAt) {
    }

    /** Shown to organizers only: the solution's size and split, never its content. */
    public record SolutionInfo(int rows, int publicRows, int privateRows, Instant uploadedAt, String sha256) {
    }

    public record DataFile(String path, long size, String sha256, String url) {
    }

    public record SubmissionAccepted(long id, SubmissionStatus status) {
    }

    /**
     * A submission as its team's members see it; organizers also get organizerError. {@code entrant} is the team's
     * name, as {@code team} is (kept for clients written before teams). {@code hiddenDataRevision}: a code
     * submission's, the hidden data revision its last finished rerun read (null while it is queued again).
     */
    public record SubmissionView(long id, SubmissionStatus status, Double publicScore, Double privateScore, String error,
                                 String description, String fileName, long size, String kernel, Integer kernelVersion,
                                 Instant createdAt, Instant scoredAt, boolean selected, String entrant,
                                 String organizerError, String team, String submittedBy, Failure failure,
                                 Integer hiddenDataRevision) {
    }

    /** Why a code submission's rerun gave no score: timeout, memory, missing-submission, malformed-submission, exception. */
    public record Failure(String kind) {
    }

    /** {@code hiddenDataRevision}: a code submission's, the hidden data revision its rerun read to write the file. */
    public record ScoreHistoryEntry(int generation, String metric, SubmissionStatus status, Double publicScore,
                                    Double privateScore, String error, String organizerError, Instant scoredAt,
                                    Integer hiddenDataRevision) {
    }

    public record Leaderboard(String board, String metric, String direction, List<LeaderboardEntry> entries) {
    }

    /** {@code user} is the team's name, as {@code team.name} is (kept for clients written before teams). */
    public record LeaderboardEntry(int rank, String user, double score, long submissionCount, Instant lastSubmittedAt,
                                   long submissionId, Instant scoredSubmissionAt, TeamViews.TeamRef team) {
    }

    /** The best public score reached by {@code at}. */
    public record ScorePoint(Instant at, double score) {
    }

    public record SelectRequest(Boolean selected) {
    }

    public record JoinResponse(String competition, String entrant, Instant joinedAt) {
    }

    public record RescoreAccepted(int generation, long submissions) {
    }
}
