package org.kernelforge.competitions;

import org.jboss.resteasy.reactive.RestForm;
import org.kernelforge.competitions.CompetitionViews.CompetitionDetail;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.web.Csrf;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;

/**
 * The organizers' settings form, as typed: the page shows it back as it was sent when the service refuses it.
 * Times are {@code datetime-local} values read as UTC.
 */
public class CompetitionForm {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    @RestForm(Csrf.FIELD)
    public String csrf;
    @RestForm
    public String slug;
    @RestForm
    public String title;
    @RestForm
    public String description;
    @RestForm
    public String rules;
    @RestForm
    public String startTime;
    @RestForm
    public String endTime;
    @RestForm
    public String dataset;
    @RestForm
    public String metric;
    @RestForm
    public String scoringDirection;
    @RestForm
    public String metricK;
    @RestForm
    public String idColumn;
    @RestForm
    public String targetColumns;
    @RestForm
    public String dailySubmissionLimit;
    @RestForm
    public String finalSubmissionCount;
    @RestForm
    public String publicFraction;
    @RestForm
    public String splitSeed;
    @RestForm
    public String maxTeamSize;
    @RestForm
    public String teamMergerDeadline;
    @RestForm
    public String entryDeadline;
    @RestForm
    public String kind;
    @RestForm
    public String submissionFile;
    @RestForm
    public String codeTimeoutSeconds;
    @RestForm
    public String codeMemory;
    @RestForm
    public String codeGpu;

    /** An empty form for a new competition: open from now for 30 days, the default limits. */
    static CompetitionForm blank() {
        CompetitionForm f = new CompetitionForm();
        Instant now = Instant.now();
        f.startTime = local(now);
        f.endTime = local(now.plusSeconds(30L * 24 * 3600));
        f.metric = "accuracy";
        f.dailySubmissionLimit = "5";
        f.finalSubmissionCount = "2";
        f.maxTeamSize = "5";
        return f;
    }

    /** The form filled with a competition's settings, for its edit page. */
    static CompetitionForm of(CompetitionDetail d, Double publicFraction, Long splitSeed) {
        CompetitionForm f = new CompetitionForm();
        f.slug = d.slug();
        f.title = d.title();
        f.description = d.description();
        f.rules = d.rules();
        f.startTime = local(d.startTime());
        f.endTime = local(d.endTime());
        f.dataset = d.dataset().ref() + "/" + d.dataset().version();
        f.metric = d.metric();
        f.scoringDirection = Competition.CUSTOM_METRIC.equals(d.metric()) ? d.direction() : null;
        f.metricK = d.metricK() == null ? null : d.metricK().toString();
        f.idColumn = d.idColumn();
        f.targetColumns = String.join(", ", d.targetColumns());
        f.dailySubmissionLimit = String.valueOf(d.dailySubmissionLimit());
        f.finalSubmissionCount = String.valueOf(d.finalSubmissionCount());
        f.publicFraction = publicFraction == null ? null : publicFraction.toString();
        f.splitSeed = splitSeed == null ? null : splitSeed.toString();
        f.maxTeamSize = String.valueOf(d.maxTeamSize());
        f.teamMergerDeadline = local(d.teamMergerDeadline());
        f.entryDeadline = d.entryDeadline() == null ? null : local(d.entryDeadline());
        f.kind = d.kind();
        f.submissionFile = d.submissionFile();
        if (d.codeRun() != null) {
            f.codeTimeoutSeconds = String.valueOf(d.codeRun().timeoutSeconds());
            f.codeMemory = d.codeRun().memory();
            f.codeGpu = d.codeRun().gpu() ? "true" : null;
        }
        return f;
    }

    /** The request the API would receive; blank fields are absent. */
    CompetitionRequest toRequest() {
        List<String> targets = blank(targetColumns) ? null
                : Arrays.stream(targetColumns.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
        return new CompetitionRequest(text(slug), text(title), description == null ? null : description,
                rules == null ? null : rules, instant(startTime, "startTime"), instant(endTime, "endTime"), text(dataset),
                text(metric), Competition.CUSTOM_METRIC.equals(text(metric)) ? text(scoringDirection) : null,
                integer(metricK, "metricK"), text(idColumn), targets, integer(dailySubmissionLimit, "dailySubmissionLimit"),
                integer(finalSubmissionCount, "finalSubmissionCount"), decimal(publicFraction, "publicFraction"),
                longValue(splitSeed, "splitSeed"), integer(maxTeamSize, "maxTeamSize"),
                instant(teamMergerDeadline, "teamMergerDeadline"), instant(entryDeadline, "entryDeadline"),
                text(kind), text(submissionFile), codeRun());
    }

    /** The rerun limits; sent only for a code competition. */
    private CompetitionRequest.CodeRunRequest codeRun() {
        if (!Competition.KIND_CODE.equals(text(kind))) {
            return null;
        }
        return new CompetitionRequest.CodeRunRequest(integer(codeTimeoutSeconds, "codeRun"),
                text(codeMemory), "true".equals(text(codeGpu)) || "on".equals(text(codeGpu)));
    }

    private static String local(Instant instant) {
        return LOCAL.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String text(String s) {
        return blank(s) ? null : s.strip();
    }

    /** "2026-12-31T23:59" (UTC) -> "2026-12-31T23:59:00Z"; a value with a zone passes as it is. */
    private static String instant(String s, String field) {
        if (blank(s)) {
            return null;
        }
        try {
            return LocalDateTime.parse(s.strip()).toInstant(ZoneOffset.UTC).toString();
        } catch (DateTimeParseException e) {
            return s.strip();
        }
    }

    private static Integer integer(String s, String field) {
        try {
            return blank(s) ? null : Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(field, "'" + s + "' is not a whole number");
        }
    }

    private static Long longValue(String s, String field) {
        try {
            return blank(s) ? null : Long.valueOf(s.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(field, "'" + s + "' is not a whole number");
        }
    }

    private static Double decimal(String s, String field) {
        try {
            return blank(s) ? null : Double.valueOf(s.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(field, "'" + s + "' is not a number, e.g. 0.3");
        }
    }
}
