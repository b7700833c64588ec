package org.kernelforge.competitions;

import java.util.List;

/**
 * The settings of a competition as an organizer sends them: all of them to create (POST), any of
 * them to change (PATCH; absent fields keep their value, the slug never changes).
 *
 * @param dataset          the public data, "owner/slug/N"
 * @param metric           a built-in metric id, or "custom" for an uploaded scoring program
 * @param scoringDirection "maximize" or "minimize"; only for custom scoring (built-in metrics know theirs)
 * @param metricK          K of map_at_k (default 5)
 */
public record CompetitionRequest(String slug, String title, String description, String rules, String startTime,
                                 String endTime, String dataset, String metric, String scoringDirection, Integer metricK,
                                 String idColumn, List<String> targetColumns, Integer dailySubmissionLimit,
                                 Integer finalSubmissionCount, Double publicFraction, Long splitSeed) {
}
