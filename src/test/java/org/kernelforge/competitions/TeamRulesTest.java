package org.kernelforge.competitions;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;
import org.kernelforge.platform.TestClock;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.kernelforge.competitions.CompetitionFixtures.join;
import static org.kernelforge.competitions.CompetitionFixtures.predicting;
import static org.kernelforge.competitions.CompetitionFixtures.submit;
import static org.kernelforge.competitions.TeamFixtures.*;

/** Each rule that refuses a merge, an invitation or leaving, with the problem naming it. */
@QuarkusTest
class TeamRulesTest {

    @Inject
    TestClock clock;

    @AfterEach
    void releaseClock() {
        clock.release();
    }

    @Test
    void noMergeAfterTheMergerDeadlineNeitherInvitingNorAccepting() {
        Account organizer = TestAccounts.organizer("org");
        Instant deadline = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
        String slug = teamCompetition(organizer, Map.of("teamMergerDeadline", deadline.toString()));
        Account ada = TestAccounts.signUp("ada");
        Account bob = TestAccounts.signUp("bob");
        join(ada, slug);
        join(bob, slug);
        organizer.given().get("/api/competitions/" + slug).then().body("teamMergerDeadline", equalTo(deadline.toString()))
                .body("maxTeamSize", equalTo(5));
        long sent = invited(ada, slug, bob);

        clock.stopAt(deadline.plusSeconds(1));
        refused(accept(bob, sent), "teamMergerDeadline", "merger deadline");
        refused(invite(ada, slug, TestAccounts.signUp("cy").username()), "teamMergerDeadline", "merger deadline");
        team(ada, slug).then().body("members", contains(ada.username()));
        team(bob, slug).then().body("members", contains(bob.username()));
    }

    @Test
    void theDefaultMergerDeadlineIsSevenDaysBeforeTheEnd() {
        Account organizer = TestAccounts.organizer("org");
        String slug = teamCompetition(organizer, Map.of());
        String end = organizer.given().get("/api/competitions/" + slug).then().extract().path("endTime");
        organizer.given().get("/api/competitions/" + slug).then()
                .body("teamMergerDeadline", equalTo(Instant.parse(end).minus(Duration.ofDays(7)).toString()));
        Account ada = TestAccounts.signUp("ada");
        join(ada, slug);
        long sent = invited(ada, slug, TestAccounts.signUp("bob"));
        clock.stopAt(Instant.parse(end).minus(Duration.ofDays(7)).plusSeconds(1));
        refused(invite(ada, slug, TestAccounts.signUp("cy").username()), "teamMergerDeadline", "merger deadline");
        clock.release();
        organizer.given().contentType("application/json").body(Map.of("teamMergerDeadline", Instant.parse(end).plusSeconds(1).toString()))
                .patch("/api/competitions/" + slug).then().statusCode(400).body("field", equalTo("teamMergerDeadline"));
    }

    @Test
    void noMergeBeyondTheMaximumTeamSize() {
        Account organizer = TestAccounts.organizer("org");
        String slug = teamCompetition(organizer, Map.of("maxTeamSize", 2));
        Account ada = TestAccounts.signUp("ada");
        Account bob = TestAccounts.signUp("bob");
        Account cy = TestAccounts.signUp("cy");
        Account dan = TestAccounts.signUp("dan");
        join(ada, slug);
        long forBob = invited(ada, slug, bob);
        long forCy = invited(ada, slug, cy);
        accept(bob, forBob).then().statusCode(200);
        refused(accept(cy, forCy), "maxTeamSize", "maximum team size");
        refused(invite(ada, slug, dan.username()), "maxTeamSize", "maximum team size");

        // two teams of two cannot merge either
        join(dan, slug);
        teamUp(dan, slug, TestAccounts.signUp("eve"));
        refused(invite(ada, slug, dan.username()), "maxTeamSize", "would have 4");
        organizer.given().contentType("application/json").body(Map.of("maxTeamSize", 0))
                .patch("/api/competitions/" + slug).then().statusCode(400).body("field", equalTo("maxTeamSize"));
    }

    @Test
    void noMergeWhoseSubmissionsExceedWhatTheDailyLimitAllowedSoFar() {
        Account organizer = TestAccounts.organizer("org");
        Instant midnight = Instant.now().truncatedTo(ChronoUnit.DAYS);
        // started at midnight UTC today: one day so far, so a merged team may have 2 submissions
        String slug = teamCompetition(organizer, Map.of("startTime", midnight.toString(), "dailySubmissionLimit", 2));
        Account ada = TestAccounts.signUp("ada");
        Account bob = TestAccounts.signUp("bob");
        Account cy = TestAccounts.signUp("cy");
        join(ada, slug);
        join(bob, slug);
        join(cy, slug);
        submit(ada, slug, predicting(List.of(102)));
        submit(bob, slug, predicting(List.of(102)));
        submit(cy, slug, predicting(List.of(104)));
        submit(cy, slug, predicting(List.of(106)));

        refused(invite(cy, slug, ada.username()), "dailySubmissionLimit", "3 submissions together; a merged team may have at most 2");
        long sent = invited(ada, slug, bob);
        accept(bob, sent).then().statusCode(200).body("submissionCount", equalTo(2));

        // the next day allows 2 more: cy's 2 and the merged team's 2 make 4
        clock.stopAt(midnight.plus(Duration.ofDays(1)).plusSeconds(5));
        accept(cy, invited(ada, slug, cy)).then().statusCode(200).body("submissionCount", equalTo(4));
    }

    @Test
    void theEntryDeadlineClosesJoiningAlsoByInvitation() {
        Account organizer = TestAccounts.organizer("org");
        Instant entry = Instant.now().plus(Duration.ofDays(1));
        String slug = teamCompetition(organizer, Map.of("entryDeadline", entry.toString()));
        Account ada = TestAccounts.signUp("ada");
        Account bob = TestAccounts.signUp("bob");
        join(ada, slug);
        long sent = invited(ada, slug, bob);
        clock.stopAt(entry.plusSeconds(1));
        refused(accept(bob, sent), "entryDeadline", "entry deadline");
        clock.release();
        organizer.given().contentType("application/json").body(Map.of("entryDeadline", Instant.now().minusSeconds(1).toString()))
                .patch("/api/competitions/" + slug).then().statusCode(204);
        Account cy = TestAccounts.signUp("cy");
        refused(cy.given().post("/api/competitions/" + slug + "/join"), "entryDeadline", "entry deadline");
        join(ada, slug); // already in: joining again stays harmless
    }

    @Test
    void membersLeaveUntilTheMergerDeadlineAndOnlyWhileTheTeamHasNoSubmissions() {
        Account organizer = TestAccounts.organizer("org");
        Instant deadline = Instant.now().plus(Duration.ofDays(3));
        String slug = teamCompetition(organizer, Map.of("teamMergerDeadline", deadline.toString()));
        Account ada = TestAccounts.signUp("ada");
        Account bob = TestAccounts.signUp("bob");
        Account cy = TestAccounts.signUp("cy");
        join(ada, slug);
        refused(ada.given().post("/api/competitions/" + slug + "/team/leave"), null, "only member");
        teamUp(ada, slug, bob);
        teamUp(ada, slug, cy);

        // the leader leaves: the member who joined next leads
        ada.given().post("/api/competitions/" + slug + "/team/leave").then().statusCode(200)
                .body("members", contains(ada.username())).body("leader", equalTo(ada.username()));
        team(bob, slug).then().body("leader", equalTo(bob.username())).body("members", contains(bob.username(), cy.username()));

        clock.stopAt(deadline.plusSeconds(1));
        refused(cy.given().post("/api/competitions/" + slug + "/team/leave"), "teamMergerDeadline", "merger deadline");
        clock.release();
        submit(cy, slug, predicting(List.of(102)));
        refused(cy.given().post("/api/competitions/" + slug + "/team/leave"), null, "has submissions");
        team(cy, slug).then().body("members", contains(bob.username(), cy.username()));
    }

    private static void refused(Response r, String field, String detail) {
        r.then().statusCode(409).contentType(startsWith("application/problem+json"))
                .body("field", equalTo(field)).body("detail", containsString(detail));
    }
}
