package org.kernelforge.competitions;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.kernelforge.competitions.CompetitionFixtures.*;

/**
 * A scoring or a rerun whose end cannot be recorded does not keep its claim until the replica restarts: it waits for
 * a database that went away, and when recording still fails it lets go, so the submission is scored (or rerun) again
 * and ends scored exactly once; a second failure ends it as the platform's fault instead of going round for ever.
 * The failures are the database's own: a trigger raises them (PostgreSQL), as an outage's connection errors
 * (SQLSTATE 57P01, the server shutting down) or as any other error.
 */
@QuarkusTest
class UnrecordedEndsTest {

    private static final String OUTAGE = "57P01";
    private static final String OTHER_ERROR = "P0001";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    SubmissionRows rows;

    @Test
    void aScoringWhoseRecordHitsADatabaseOutageWaitsForItAndIsRecordedOnce() throws SQLException {
        Account organizer = TestAccounts.organizer("org");
        String slug = ready(organizer);
        try (Failing failing = failScoreInserts(slug, 2, OUTAGE)) {
            Account competitor = TestAccounts.signUp("outage");
            join(competitor, slug);
            long id = submit(competitor, slug, predicting(List.of(102, 104, 106)));

            assertEquals("complete", awaitSettled(competitor, slug, id).get("status"));
            assertEquals(3, failing.calls(), "two records hit the outage, the third was recorded");
            assertScoredOnce(id);
        }
    }

    @Test
    void aScoringWhoseRecordFailsLetsGoAndIsScoredAgainOnce() throws SQLException {
        Account organizer = TestAccounts.organizer("org");
        String slug = ready(organizer);
        try (Failing failing = failScoreInserts(slug, 1, OTHER_ERROR)) {
            Account competitor = TestAccounts.signUp("letgo");
            join(competitor, slug);
            long id = submit(competitor, slug, predicting(List.of(102, 104, 106)));

            assertEquals("complete", awaitSettled(competitor, slug, id).get("status"));
            assertEquals(2, failing.calls(), "scored again after the failed record");
            assertScoredOnce(id);
        }
    }

    @Test
    void aScoringWhoseRecordFailsTwiceFailsAsThePlatformsFaultInsteadOfGoingRound() throws SQLException {
        Account organizer = TestAccounts.organizer("org");
        String slug = ready(organizer);
        try (Failing failing = failScoreInserts(slug, Integer.MAX_VALUE, OTHER_ERROR)) {
            Account competitor = TestAccounts.signUp("twice");
            join(competitor, slug);
            long id = submit(competitor, slug, predicting(List.of(102, 104, 106)));

            Map<String, Object> s = awaitSettled(competitor, slug, id);
            assertEquals("error", s.get("status"));
            assertEquals(ScoreResult.NEUTRAL_MESSAGE, s.get("error"));
            CompetitionFixtures.sleep(3000);
            assertEquals(UnrecordedEnds.ATTEMPTS, failing.calls(), "no scoring after it failed");
            assertEquals(0, rows.scorings(id));
            assertNull(rows.column(id, "scoring_claimed_by"));
            assertNull(rows.column(id, "scoring_queued_at"));
        }
    }

    @Test
    void aRerunWhoseEndCannotBeRecordedRunsAgainAndIsScoredOnce() throws SQLException {
        Account organizer = TestAccounts.organizer("org");
        String slug = CodeCompetitionFixtures.ready(organizer, CodeCompetitionFixtures.canary(), Map.of());
        try (Failing failing = failRerunEnds(slug, 1)) {
            Account competitor = TestAccounts.signUp("rerunend");
            join(competitor, slug);
            long id = CodeCompetitionFixtures.submitted(competitor, slug, competitor.username() + "/"
                    + CodeCompetitionFixtures.kernel(competitor, slug, CodeCompetitionFixtures.hintReader(slug), false));

            assertEquals("complete", CodeCompetitionFixtures.awaitFinal(competitor, slug, id, Duration.ofSeconds(240))
                    .get("status"));
            assertEquals(2, failing.calls(), "rerun again after its end could not be recorded");
            assertScoredOnce(id);
            assertNull(rows.column(id, "rerun_claimed_by"));
        }
    }

    private void assertScoredOnce(long id) throws SQLException {
        CompetitionFixtures.sleep(3000);
        assertEquals(1, rows.scorings(id), "one score recorded");
        assertNull(rows.column(id, "scoring_claimed_by"));
        assertNull(rows.column(id, "scoring_queued_at"));
    }

    /** Waits until the submission is neither pending (being scored) nor rerun; longer than a record's retries. */
    private static Map<String, Object> awaitSettled(Account competitor, String slug, long id) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            Map<String, Object> s = competitor.given().get("/api/competitions/" + slug + "/submissions/" + id)
                    .then().statusCode(200).extract().path("submission");
            if (List.of("complete", "error").contains(s.get("status"))) {
                return s;
            }
            CompetitionFixtures.sleep(100);
        }
        fail("submission " + id + " stayed claimed: " + competitor.given().get("/api/competitions/" + slug
                + "/submissions/" + id).asString());
        return null;
    }

    /** A trigger that makes the first {@code times} score records of the competition's submissions fail. */
    private Failing failScoreInserts(String slug, int times, String sqlState) throws SQLException {
        return failing("before insert on submission_scores", "exists (select 1 from submissions s where s.id = NEW.submission_id "
                + "and s.competition_id = " + competitionId(slug) + ")", times, sqlState);
    }

    /** A trigger that makes the first {@code times} records of a rerun's end in the competition fail. */
    private Failing failRerunEnds(String slug, int times) throws SQLException {
        return failing("before update on code_reruns", "NEW.competition_id = " + competitionId(slug)
                + " and NEW.finished_at is not null and OLD.finished_at is null", times, OTHER_ERROR);
    }

    private Failing failing(String event, String condition, int times, String sqlState) throws SQLException {
        String name = "fail_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("create sequence " + name + "_calls");
        execute("create function " + name + "() returns trigger language plpgsql as $$ begin "
                + "if " + condition + " then "
                + "if nextval('" + name + "_calls') <= " + times + " then "
                + "raise exception 'injected failure %', TG_NAME using errcode = '" + sqlState + "'; "
                + "end if; end if; return NEW; end $$");
        execute("create trigger " + name + " " + event + " for each row execute function " + name + "()");
        String table = event.substring(event.lastIndexOf(' ') + 1);
        return new Failing(name, table);
    }

    private final class Failing implements AutoCloseable {
        private final String name;
        private final String table;

        Failing(String name, String table) {
            this.name = name;
            this.table = table;
        }

        /** How often the trigger saw the competition's records (its sequence's value). */
        long calls() throws SQLException {
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select last_value, is_called from " + name + "_calls")) {
                rs.next();
                return rs.getBoolean(2) ? rs.getLong(1) : 0;
            }
        }

        @Override
        public void close() throws SQLException {
            execute("drop trigger if exists " + name + " on " + table);
            execute("drop function if exists " + name + "()");
            execute("drop sequence if exists " + name + "_calls");
        }
    }

    private long competitionId(String slug) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("select id from competitions where slug = ?")) {
            st.setString(1, slug);
            try (ResultSet rs = st.executeQuery()) {
                assertTrue(rs.next());
                return rs.getLong(1);
            }
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
