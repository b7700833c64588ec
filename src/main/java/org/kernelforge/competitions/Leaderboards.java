package org.kernelforge.competitions;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.kernelforge.competitions.CompetitionViews.Leaderboard;
import org.kernelforge.competitions.CompetitionViews.LeaderboardEntry;
import org.kernelforge.competitions.CompetitionViews.ScorePoint;
import org.kernelforge.competitions.TeamViews.TeamRef;
import org.kernelforge.competitions.scoring.Direction;
import org.kernelforge.platform.ProblemException;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The two boards, computed from the submissions as they stand. One row per entrant (a team).
 * <ul>
 * <li>Public: the entrant's best public score; a tie goes to the earlier submission.</li>
 * <li>Private: the best private score among the entrant's selected submissions, or, when they selected
 * none, among their best public ones (as many as they could have selected), as Kaggle does. Shown to
 * everyone once the competition ends, before that to its organizers only.</li>
 * </ul>
 */
@ApplicationScoped
public class Leaderboards {

    public static final String PUBLIC = "public";
    public static final String PRIVATE = "private";

    private final CompetitionQueries queries;
    private final Clock clock;

    Leaderboards(CompetitionQueries queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    @Transactional
    public Leaderboard board(String slug, String board) {
        Competition c = queries.find(slug);
        String which = board == null || board.isBlank() ? PUBLIC : board.strip();
        if (!which.equals(PUBLIC) && !which.equals(PRIVATE)) {
            throw ProblemException.badRequest("board", "board is 'public' or 'private'");
        }
        if (which.equals(PRIVATE) && !c.hasEnded(clock.instant()) && !queries.callerOrganizes(c)) {
            throw ProblemException.forbidden("The private leaderboard of '" + slug + "' is revealed when the competition "
                    + "ends, at " + c.endTime);
        }
        Map<Long, String> names = Entrant.<Entrant>list("competitionId", c.id).stream()
                .collect(Collectors.toMap(e -> e.id, e -> e.name));
        Map<Long, List<String>> members = TeamMember.usernamesByTeam(c.id);
        Map<Long, List<Submission>> byEntrant = Submission.<Submission>list("competitionId = ?1 and result.status <> ?2",
                        c.id, SubmissionStatus.ERROR).stream()
                .collect(Collectors.groupingBy(s -> s.entrantId));
        Comparator<Double> better = scoreOrder(c.scoreDirection());
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<Long, List<Submission>> entry : byEntrant.entrySet()) {
            List<Submission> mine = entry.getValue();
            List<Submission> scored = mine.stream().filter(Submission::isComplete).toList();
            Submission best = which.equals(PUBLIC)
                    ? best(scored, s -> s.result.publicScore(), better)
                    : best(finalists(scored, c.finalSubmissionCount, better), s -> s.result.privateScore(), better);
            if (best == null) {
                continue;
            }
            Instant last = mine.stream().map(s -> s.createdAt).max(Comparator.naturalOrder()).orElseThrow();
            double score = which.equals(PUBLIC) ? best.result.publicScore() : best.result.privateScore();
            rows.add(new Row(new TeamRef(names.get(entry.getKey()), members.getOrDefault(entry.getKey(), List.of())),
                    score, best, mine.size(), last));
        }
        rows.sort(Comparator.<Row, Double>comparing(Row::score, better)
                .thenComparing(r -> r.best().createdAt).thenComparing(r -> r.best().id));
        List<LeaderboardEntry> entries = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            entries.add(new LeaderboardEntry(i + 1, r.team().name(), r.score(), r.count(), r.last(), r.best().id,
                    r.best().createdAt, r.team()));
        }
        return new Leaderboard(which, c.metric, c.direction, entries);
    }

    /**
     * The best public score over time: one point for each complete submission that improved on every earlier one
     * (by submission time), for the public board's chart.
     */
    @Transactional
    public List<ScorePoint> bestPublicOverTime(String slug) {
        Competition c = queries.find(slug);
        Comparator<Double> better = scoreOrder(c.scoreDirection());
        List<ScorePoint> points = new ArrayList<>();
        Double best = null;
        for (Submission s : Submission.<Submission>list("competitionId = ?1 and result.status = ?2 "
                + "and result.publicScore is not null order by createdAt, id", c.id, SubmissionStatus.COMPLETE)) {
            if (best == null || better.compare(s.result.publicScore(), best) < 0) {
                best = s.result.publicScore();
                points.add(new ScorePoint(s.createdAt, best));
            }
        }
        return points;
    }

    /** The board as CSV: Rank,Team,Members,Score,Submissions,LastSubmittedAt; members are separated by spaces. */
    public String csv(String slug, String board) {
        StringBuilder out = new StringBuilder("Rank,Team,Members,Score,Submissions,LastSubmittedAt\n");
        for (LeaderboardEntry e : board(slug, board).entries()) {
            out.append(e.rank()).append(',').append(csvField(e.team().name())).append(',')
                    .append(csvField(String.join(" ", e.team().members()))).append(',').append(e.score()).append(',')
                    .append(e.submissionCount()).append(',').append(e.lastSubmittedAt()).append('\n');
        }
        return out.toString();
    }

    /** A team names itself: quoted when it has a comma, a quote or a line break. */
    private static String csvField(String value) {
        if (value.chars().noneMatch(ch -> ch == ',' || ch == '"' || ch == '\n' || ch == '\r')) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private record Row(TeamRef team, double score, Submission best, long count, Instant last) {
    }

    /** The submissions that stand for the private board: the selected ones, else the best public ones. */
    private static List<Submission> finalists(List<Submission> scored, int count, Comparator<Double> better) {
        List<Submission> selected = scored.stream().filter(s -> s.selected).toList();
        if (!selected.isEmpty()) {
            return selected;
        }
        return scored.stream().filter(s -> s.result.publicScore() != null)
                .sorted(Comparator.<Submission, Double>comparing(s -> s.result.publicScore(), better)
                        .thenComparing(s -> s.createdAt).thenComparing(s -> s.id))
                .limit(count).toList();
    }

    private static Submission best(List<Submission> candidates, java.util.function.Function<Submission, Double> score,
                                   Comparator<Double> better) {
        return candidates.stream().filter(s -> score.apply(s) != null)
                .min(Comparator.<Submission, Double>comparing(score, better)
                        .thenComparing(s -> s.createdAt).thenComparing(s -> s.id))
                .orElse(null);
    }

    /** Better scores first. */
    private static Comparator<Double> scoreOrder(Direction direction) {
        Comparator<Double> ascending = Comparator.naturalOrder();
        return direction == Direction.MAXIMIZE ? ascending.reversed() : ascending;
    }
}
