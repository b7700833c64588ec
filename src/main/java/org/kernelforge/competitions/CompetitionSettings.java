package org.kernelforge.competitions;

import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.competitions.scoring.Metric;
import org.kernelforge.datasets.DatasetCatalog;
import org.kernelforge.platform.ProblemException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks an organizer's settings and writes them onto a competition. Every refusal names the field and
 * says what would be accepted. On create every required field must be there; on PATCH absent fields
 * keep their value.
 */
@ApplicationScoped
class CompetitionSettings {

    static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{2,49}");
    private static final Pattern DATASET = Pattern.compile("([a-z0-9][a-z0-9_-]{2,38})/([a-z0-9-]{3,50})/(\\d{1,9})");
    private static final Pattern COLUMN = Pattern.compile("[^,\\r\\n\"]{1,200}");
    private static final Set<Metric> ONE_TARGET = Set.of(Metric.ACCURACY, Metric.F1, Metric.F1_MACRO, Metric.F1_MICRO,
            Metric.PRECISION, Metric.RECALL, Metric.MAP_AT_K, Metric.QUADRATIC_WEIGHTED_KAPPA);

    private final DatasetCatalog datasets;

    CompetitionSettings(DatasetCatalog datasets) {
        this.datasets = datasets;
    }

    void applyNew(Competition c, CompetitionRequest r) {
        required(r.slug(), "slug");
        if (!SLUG.matcher(r.slug()).matches()) {
            throw ProblemException.badRequest("slug", "The slug '" + r.slug() + "' must be 3 to 50 lower-case letters, digits "
                    + "or dashes, starting with a letter or digit (it becomes /competitions/<slug> and /kaggle/input/<slug>)");
        }
        c.slug = r.slug();
        required(r.title(), "title");
        required(r.startTime(), "startTime");
        required(r.endTime(), "endTime");
        required(r.dataset(), "dataset");
        required(r.metric(), "metric");
        required(r.idColumn(), "idColumn");
        if (r.targetColumns() == null || r.targetColumns().isEmpty()) {
            throw ProblemException.badRequest("targetColumns", "Name the target column(s) the solution and the submissions "
                    + "have, e.g. [\"Survived\"]");
        }
        c.dailySubmissionLimit = 5;
        c.finalSubmissionCount = 2;
        apply(c, r);
    }

    void apply(Competition c, CompetitionRequest r) {
        if (r.title() != null) {
            String title = r.title().strip();
            if (title.isEmpty() || title.length() > 100) {
                throw ProblemException.badRequest("title", "The title must be 1 to 100 characters");
            }
            c.title = title;
        }
        if (r.description() != null) {
            c.description = bounded(r.description(), "description", 50_000);
        }
        if (r.rules() != null) {
            c.rules = bounded(r.rules(), "rules", 50_000);
        }
        if (r.startTime() != null) {
            c.startTime = instant(r.startTime(), "startTime");
        }
        if (r.endTime() != null) {
            c.endTime = instant(r.endTime(), "endTime");
        }
        if (!c.endTime.isAfter(c.startTime)) {
            throw ProblemException.badRequest(r.endTime() != null ? "endTime" : "startTime", "The end time ("
                    + c.endTime + ") must be after the start time (" + c.startTime + ")");
        }
        if (r.dataset() != null) {
            dataset(c, r.dataset());
        }
        if (r.metric() != null || r.scoringDirection() != null) {
            metric(c, r.metric() != null ? r.metric() : c.metric, r.scoringDirection());
        }
        if (r.metricK() != null) {
            if (r.metricK() < 1 || r.metricK() > 1000) {
                throw ProblemException.badRequest("metricK", "metricK (the K of map_at_k) must be 1 to 1000");
            }
            c.metricK = r.metricK();
        }
        if (r.idColumn() != null) {
            c.idColumn = column(r.idColumn(), "idColumn");
        }
        if (r.targetColumns() != null) {
            c.setTargetColumns(targets(r.targetColumns(), c.idColumn));
        } else if (c.targetColumns().contains(c.idColumn)) {
            throw ProblemException.badRequest("idColumn", "The id column '" + c.idColumn + "' is also a target column");
        }
        if (!c.isCustom()) {
            Metric m = Metric.byId(c.metric).orElseThrow();
            if (ONE_TARGET.contains(m) && c.targetColumns().size() != 1) {
                throw ProblemException.badRequest("targetColumns", m.id() + " scores exactly one target column; "
                        + "this competition names " + c.targetColumns().size());
            }
        }
        if (r.dailySubmissionLimit() != null) {
            c.dailySubmissionLimit = range(r.dailySubmissionLimit(), "dailySubmissionLimit", 1, 1000);
        }
        if (r.finalSubmissionCount() != null) {
            c.finalSubmissionCount = range(r.finalSubmissionCount(), "finalSubmissionCount", 1, 100);
        }
        if (r.publicFraction() != null) {
            double f = r.publicFraction();
            if (!(f > 0 && f <= 1)) {
                throw ProblemException.badRequest("publicFraction", "publicFraction is the share of solution rows on the "
                        + "public leaderboard: more than 0 and at most 1, e.g. 0.3");
            }
            c.publicFraction = f;
        }
        if (r.splitSeed() != null) {
            c.splitSeed = r.splitSeed();
        }
    }

    private void dataset(Competition c, String ref) {
        Matcher m = DATASET.matcher(ref.strip());
        if (!m.matches()) {
            throw ProblemException.badRequest("dataset", "'" + ref + "' is not a dataset version: write it as "
                    + "\"owner/slug/N\" (N is the version competitors will get)");
        }
        DatasetCatalog.PinnedVersion version = datasets.version(m.group(1), m.group(2), Integer.parseInt(m.group(3)))
                .orElseThrow(() -> ProblemException.badRequest("dataset", "There is no dataset version '" + ref
                        + "' that you can read"));
        c.datasetVersionId = version.id();
        c.datasetRef = version.datasetRef();
        c.datasetVersionNumber = version.number();
    }

    private static void metric(Competition c, String metric, String direction) {
        String id = metric.strip();
        if (Competition.CUSTOM_METRIC.equals(id)) {
            String d = direction != null ? direction.strip() : Competition.CUSTOM_METRIC.equals(c.metric) ? c.direction : null;
            if (!"maximize".equals(d) && !"minimize".equals(d)) {
                throw ProblemException.badRequest("scoringDirection", "A custom scoring program needs scoringDirection: "
                        + "\"maximize\" (higher scores rank first) or \"minimize\"");
            }
            c.metric = id;
            c.direction = d;
            return;
        }
        Metric m = Metric.byId(id).orElseThrow(() -> ProblemException.badRequest("metric", "Unknown metric '" + id
                + "'; use one of " + Metric.knownIds() + ", or custom (with a scoring program)"));
        if (direction != null && !direction.strip().equals(m.direction().name().toLowerCase())) {
            throw ProblemException.badRequest("scoringDirection", m.id() + " is always "
                    + m.direction().name().toLowerCase() + "d; leave scoringDirection out");
        }
        c.metric = m.id();
        c.direction = m.direction().name().toLowerCase();
    }

    private static List<String> targets(List<String> names, String idColumn) {
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            String column = column(name, "targetColumns");
            if (!seen.add(column)) {
                throw ProblemException.badRequest("targetColumns", "The target column '" + column + "' is named twice");
            }
            if (column.equals(idColumn)) {
                throw ProblemException.badRequest("targetColumns", "'" + column + "' is the id column; it cannot be a target too");
            }
            out.add(column);
        }
        if (out.size() > 1000) {
            throw ProblemException.badRequest("targetColumns", "At most 1000 target columns");
        }
        return out;
    }

    private static String column(String name, String field) {
        String column = name == null ? "" : name.strip();
        if (!COLUMN.matcher(column).matches() || column.equalsIgnoreCase("Usage")) {
            throw ProblemException.badRequest(field, "'" + name + "' is not a usable column name: 1 to 200 characters "
                    + "without commas, quotes or line breaks, and not 'Usage' (that column splits the leaderboards)");
        }
        return column;
    }

    private static Instant instant(String text, String field) {
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(field, "'" + text + "' is not a time: write ISO-8601 with a zone, "
                    + "e.g. 2026-12-31T23:59:00Z");
        }
    }

    private static int range(int value, String field, int min, int max) {
        if (value < min || value > max) {
            throw ProblemException.badRequest(field, field + " must be " + min + " to " + max);
        }
        return value;
    }

    private static String bounded(String text, String field, int max) {
        if (text.length() > max) {
            throw ProblemException.badRequest(field, "The " + field + " is longer than " + max + " characters");
        }
        return text;
    }

    private static void required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ProblemException.badRequest(field, "'" + field + "' is required");
        }
    }
}
