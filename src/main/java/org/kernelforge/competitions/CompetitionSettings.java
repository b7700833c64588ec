package org.kernelforge.competitions;

import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.competitions.scoring.Metric;
import org.kernelforge.datasets.DatasetCatalog;
import org.kernelforge.platform.ProblemException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes an organizer's settings onto a competition. The request's own fields are checked by Bean Validation on
 * {@link CompetitionRequest}; what is checked here needs the database or the stored competition (a PATCH's
 * fields against the ones it keeps). Every refusal names the field and says what would be accepted.
 */
@ApplicationScoped
class CompetitionSettings {

    private static final Set<Metric> ONE_TARGET = Set.of(Metric.ACCURACY, Metric.F1, Metric.F1_MACRO, Metric.F1_MICRO,
            Metric.PRECISION, Metric.RECALL, Metric.MAP_AT_K, Metric.QUADRATIC_WEIGHTED_KAPPA);
    private static final Pattern DATASET = Pattern.compile("([^/]+)/([^/]+)/(\\d+)");

    private final DatasetCatalog datasets;
    private final CodeCompetitionSettings code;

    CompetitionSettings(DatasetCatalog datasets, CodeCompetitionSettings code) {
        this.datasets = datasets;
        this.code = code;
    }

    /** A new competition: {@code r} was validated with {@link CompetitionRequest.Creation}. */
    void applyNew(Competition c, CompetitionRequest r) {
        c.slug = r.slug();
        c.dailySubmissionLimit = 5;
        c.finalSubmissionCount = 2;
        apply(c, r);
    }

    void apply(Competition c, CompetitionRequest r) {
        if (r.title() != null) {
            c.title = r.title().strip();
        }
        if (r.description() != null) {
            c.description = r.description();
        }
        if (r.rules() != null) {
            c.rules = r.rules();
        }
        IsoTime.Check.parse(r.startTime()).ifPresent(start -> c.startTime = start);
        IsoTime.Check.parse(r.endTime()).ifPresent(end -> c.endTime = end);
        if (!c.endTime.isAfter(c.startTime)) {
            throw ProblemException.badRequest(r.endTime() != null ? "endTime" : "startTime", "The end time ("
                    + c.endTime + ") must be after the start time (" + c.startTime + ")");
        }
        if (r.dataset() != null) {
            dataset(c, r.dataset().strip());
        }
        if (r.metric() != null || r.scoringDirection() != null) {
            metric(c, r.metric() != null ? r.metric() : c.metric, r.scoringDirection());
        }
        if (r.metricK() != null) {
            c.metricK = r.metricK();
        }
        if (r.idColumn() != null) {
            c.idColumn = r.idColumn().strip();
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
            c.dailySubmissionLimit = r.dailySubmissionLimit();
        }
        if (r.finalSubmissionCount() != null) {
            c.finalSubmissionCount = r.finalSubmissionCount();
        }
        if (r.publicFraction() != null) {
            c.publicFraction = r.publicFraction();
        }
        if (r.splitSeed() != null) {
            c.splitSeed = r.splitSeed();
        }
        TeamSettings.apply(c, r);
        code.apply(c, r);
    }

    private void dataset(Competition c, String ref) {
        Matcher m = DATASET.matcher(ref);
        if (!m.matches()) {
            throw new IllegalArgumentException("not validated: " + ref);
        }
        DatasetCatalog.PinnedVersion version = datasets.version(m.group(1), m.group(2), Integer.parseInt(m.group(3)))
                .orElseThrow(() -> ProblemException.badRequest("dataset", "There is no dataset version '" + ref
                        + "' that you can read"));
        c.datasetVersionId = version.id();
        c.datasetRef = version.datasetRef();
        c.datasetVersionNumber = version.number();
    }

    /** The direction a custom metric needs, or must match a built-in one's, may be stored rather than sent. */
    private static void metric(Competition c, String metric, String direction) {
        String id = metric.strip();
        if (Competition.CUSTOM_METRIC.equals(id)) {
            String d = direction != null ? direction.strip() : Competition.CUSTOM_METRIC.equals(c.metric) ? c.direction : null;
            if (d == null) {
                throw ProblemException.badRequest("scoringDirection", "A custom scoring program needs scoringDirection: "
                        + "\"maximize\" (higher scores rank first) or \"minimize\"");
            }
            c.metric = id;
            c.direction = d;
            return;
        }
        Metric m = Metric.byId(id).orElseThrow();
        if (direction != null && !direction.strip().equals(m.direction().name().toLowerCase())) {
            throw ProblemException.badRequest("scoringDirection", m.id() + " is always "
                    + m.direction().name().toLowerCase() + "d; leave scoringDirection out");
        }
        c.metric = m.id();
        c.direction = m.direction().name().toLowerCase();
    }

    /** Each name once, and never the id column (which a PATCH may keep from before). */
    private static List<String> targets(List<String> names, String idColumn) {
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            String column = name.strip();
            if (!seen.add(column)) {
                throw ProblemException.badRequest("targetColumns", "The target column '" + column + "' is named twice");
            }
            if (column.equals(idColumn)) {
                throw ProblemException.badRequest("targetColumns", "'" + column + "' is the id column; it cannot be a target too");
            }
            out.add(column);
        }
        return out;
    }
}
