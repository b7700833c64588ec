package org.kernelforge.competitions;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.kernelforge.competitions.CompetitionViews.Caller;
import org.kernelforge.competitions.CompetitionViews.CompetitionDetail;
import org.kernelforge.competitions.CompetitionViews.CompetitionSummary;
import org.kernelforge.competitions.CompetitionViews.DataFile;
import org.kernelforge.competitions.CompetitionViews.DataRef;
import org.kernelforge.competitions.CompetitionViews.SetupStep;
import org.kernelforge.competitions.CompetitionViews.SolutionInfo;
import org.kernelforge.datasets.DatasetCatalog;
import org.kernelforge.identity.Account;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.platform.Markdown;
import org.kernelforge.platform.PlatformConfig;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.storage.StoredFile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Competitions as anyone sees them, with the caller's own standing; the solution's content never. */
@ApplicationScoped
public class CompetitionReads {

    private final CurrentUser current;
    private final CompetitionQueries queries;
    private final PlatformConfig platform;
    private final Clock clock;
    private final DatasetCatalog datasets;

    private final CodeCompetitionSettings code;

    CompetitionReads(CurrentUser current, CompetitionQueries queries, PlatformConfig platform, Clock clock,
                     DatasetCatalog datasets, CodeCompetitionSettings code) {
        this.code = code;
        this.datasets = datasets;
        this.current = current;
        this.queries = queries;
        this.platform = platform;
        this.clock = clock;
    }

    /** Active first (ending soonest), then upcoming, then those not open yet, then ended (latest first). */
    @Transactional
    public List<CompetitionSummary> list() {
        Instant now = clock.instant();
        Account me = current.get().orElse(null);
        Set<Long> joined = me == null ? Set.of() : Set.copyOf(TeamMember.competitionsOf(me.id()));
        Comparator<Competition> order = Comparator.<Competition>comparingInt(c -> rank(c, now))
                .thenComparing(c -> rank(c, now) == 3 ? -c.endTime.getEpochSecond() : c.endTime.getEpochSecond());
        return Competition.<Competition>list("from Competition c").stream()
                .sorted(order)
                .map(c -> new CompetitionSummary(c.slug, c.title, c.organizerName, c.startTime, c.endTime,
                        state(c, now), c.metric, c.direction, joined.contains(c.id), Entrant.count("competitionId", c.id),
                        url(c)))
                .toList();
    }

    @Transactional
    public CompetitionDetail detail(String slug) {
        Competition c = queries.find(slug);
        Instant now = clock.instant();
        Account me = current.get().orElse(null);
        boolean organizer = c.isOrganizedBy(me);
        SolutionInfo solution = null;
        if (organizer && c.solutionId != null) {
            CompetitionSolution s = CompetitionSolution.findById(c.solutionId);
            solution = new SolutionInfo(s.rowCount, s.publicRows, s.privateRows, s.uploadedAt, s.sha256);
        }
        String[] dataset = c.datasetRef.split("/", 2);
        DataRef data = new DataRef(c.datasetRef, c.datasetVersionNumber, "/kaggle/input/" + c.slug,
                "/competitions/" + c.slug + "/data", platform.publicUrl() + "/api/competitions/" + c.slug + "/data",
                dataset.length == 2 && datasets.readable(dataset[0], dataset[1]).isPresent());
        List<SetupStep> checklist = organizer
                ? CompetitionSetup.checklist(c, datasets.files(c.datasetVersionId).size(), now) : null;
        return new CompetitionDetail(c.slug, c.title, c.organizerName, c.description,
                Markdown.toSafeHtml(c.description), c.rules, Markdown.toSafeHtml(c.rules), c.startTime, c.endTime,
                state(c, now), data, c.metric, c.direction, c.metricK, c.idColumn, c.targetColumns(),
                c.dailySubmissionLimit, c.finalSubmissionCount, CompetitionSetup.canScore(c),
                Entrant.count("competitionId", c.id), caller(c, me, organizer, now), solution, c.createdAt, url(c),
                CompetitionSetup.missing(c), checklist, c.maxTeamSize, c.mergerDeadline(), c.entryDeadline,
                c.kind, c.submissionFile, code.view(c), CodeCompetitionSettings.hiddenData(c, organizer));
    }

    public long id(String slug) {
        return queries.find(slug).id;
    }

    @Transactional
    public List<DataFile> data(String slug) {
        Competition c = queries.find(slug);
        return datasets.files(c.datasetVersionId).stream()
                .map(f -> new DataFile(f.path(), f.size(), f.sha256(),
                        platform.publicUrl() + "/api/competitions/" + slug + "/data/" + f.path()))
                .toList();
    }

    @Transactional
    public StoredFile dataFile(String slug, String path) {
        Competition c = queries.find(slug);
        return datasets.file(c.datasetVersionId, path).orElseThrow(() ->
                ProblemException.notFound("The data of '" + slug + "' has no file '" + path + "'"));
    }

    /** When the competition's data was uploaded: the creation of the dataset version it uses. */
    @Transactional
    public Instant dataUploadedAt(String slug) {
        return datasets.createdAt(queries.find(slug).datasetVersionId);
    }

    private static Caller caller(Competition c, Account me, boolean organizer, Instant now) {
        Entrant entrant = me == null ? null : Entrant.of(c.id, me.id()).orElse(null);
        if (entrant == null) {
            return new Caller(false, organizer, null, null);
        }
        Instant dayStart = LocalDate.ofInstant(now, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
        long used = Submission.countedSince(entrant.id, dayStart);
        return new Caller(true, organizer, (int) Math.max(0, c.dailySubmissionLimit - used),
                dayStart.plus(Duration.ofDays(1)));
    }

    /** Not open (preparing) until it can score, whatever its dates say; ended once its end has passed. */
    static String state(Competition c, Instant now) {
        return c.hasEnded(now) ? "ended" : !CompetitionSetup.canScore(c) ? "preparing"
                : !c.hasStarted(now) ? "upcoming" : "active";
    }

    private static int rank(Competition c, Instant now) {
        return switch (state(c, now)) {
            case "active" -> 0;
            case "upcoming" -> 1;
            case "preparing" -> 2;
            default -> 3;
        };
    }

    private String url(Competition c) {
        return platform.publicUrl() + "/competitions/" + c.slug;
    }
}
