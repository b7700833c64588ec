package org.kernelforge.competitions;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernelforge.competitions.CompetitionFixtures.awaitScored;
import static org.kernelforge.competitions.CompetitionFixtures.join;
import static org.kernelforge.competitions.CompetitionFixtures.predicting;
import static org.kernelforge.competitions.CompetitionFixtures.submit;
import static org.kernelforge.competitions.TeamFixtures.*;

/** Teams through the API: invitations, shared submissions and boards, merges, renaming, and who may do what. */
@QuarkusTest
class TeamsTest {

    @Test
    void anInvitedUserJoinsTheTeamAndEveryMemberSeesItsSubmissions() {
        Account organizer = TestAccounts.organizer("org");
        String slug = teamCompetition(organizer, Map.of());
        Account ada = TestAccounts.signUp("ada");
        Account bob = TestAccounts.signUp("bob");
        join(ada, slug);
        team(ada, slug).then().statusCode(200).body("name", equalTo(ada.username()))
                .body("leader", equalTo(ada.username())).body("members", contains(ada.username()))
                .body("submissionCount", equalTo(0));

        long id = ((Number) invite(ada, slug, bob.username()).then().statusCode(201)
                .header("Location", containsString("/api/invitations/"))
                .body("merge", equalTo(false)).extract().path("id")).longValue();
        bob.given().get("/api/me/invitations").then().statusCode(200)
                .body("find { it.id == " + id + " }.competition", equalTo(slug))
                .body("find { it.id == " + id + " }.team", equalTo(ada.username()))
                .body("find { it.id == " + id + " }.from", equalTo(ada.username()))
                .body("find { it.id == " + id + " }.status", equalTo("pending"));
        ada.given().get("/api/competitions/" + slug + "/team/invitations").then().body("to", contains(bob.username()));

        accept(bob, id).then().statusCode(200).body("members", contains(ada.username(), bob.username()));
        bob.given().get("/api/me/invitations").then().body("find { it.id == " + id + " }.status", equalTo("accepted"));
        accept(bob, id).then().statusCode(409).body("detail", containsString("already accepted"));
        ada.given().contentType(ContentType.JSON).body(Map.of("name", "Deck Chairs"))
                .patch("/api/competitions/" + slug + "/team").then().statusCode(204);
        bob.given().get("/api/competitions/" + slug).then().body("caller.joined", equalTo(true));

        long bobs = submit(bob, slug, predicting(List.of(102, 104, 106)));
        awaitScored(bob, slug, bobs);
        ada.given().get("/api/competitions/" + slug + "/submissions").then().statusCode(200)
                .body("id", contains((int) bobs)).body("[0].team", equalTo("Deck Chairs"))
                .body("[0].submittedBy", equalTo(bob.username()));
        ada.given().get("/api/competitions/" + slug + "/submissions/" + bobs).then().statusCode(200);
        team(bob, slug).then().body("name", equalTo("Deck Chairs")).body("submissionCount", equalTo(1));

        given().get("/api/competitions/" + slug + "/leaderboard").then().statusCode(200)
                .body("entries", hasSize(1)).body("entries[0].team.name", equalTo("Deck Chairs"))
                .body("entries[0].team.members", contains(ada.username(), bob.username()))
                .body("entries[0].user", equalTo("Deck Chairs"));
        String csv = given().get("/api/competitions/" + slug + "/leaderboard.csv").then().statusCode(200).extract().asString();
        assertTrue(csv.startsWith("Rank,Team,Members,Score,Submissions,LastSubmittedAt\n1,Deck Chairs,"
                + ada.username() + " " + bob.username() + ",1.0,1,"), csv);

        organizer.given().get("/api/competitions/" + slug + "/teams").then().statusCode(200)
                .body("name", contains("Deck Chairs")).body("[0].members", hasSize(2));
        ada.given().get("/api/competitions/" + slug + "/teams").then().statusCode(404);
    }

    @Test
    void invitingAnotherTeamsLeaderMergesBothTeamsMembersAndSubmissions() {
        Account organizer = TestAccounts.organizer("org");
        String slug = teamCompetition(organizer, Map.of());
        Account ada = TestAccounts.signUp("ada");
        Account bob = TestAccounts.signUp("bob");
        Account cy = TestAccounts.signUp("cy");
        join(ada, slug);
        join(bob, slug);
        teamUp(bob, slug, cy);
        long adas = submit(ada, slug, predicting(List.of(102)));
        long bobs = submit(bob, slug, predicting(List.of(102, 104, 106)));
        awaitScored(ada, slug, adas);
        awaitScored(bob, slug, bobs);
        bob.given().contentType(ContentType.JSON).body(Map.of("selected", true))
                .put("/api/competitions/" + slug + "/submissions/" + bobs + "/selected").then().statusCode(200);
        given().get("/api/competitions/" + slug + "/leaderboard").then().body("entries", hasSize(2));

        long merge = ((Number) invite(ada, slug, bob.username()).then().statusCode(201).body("merge", equalTo(true))
                .extract().path("id")).longValue();
        accept(bob, merge).then().statusCode(200).body("name", equalTo(ada.username()))
                .body("leader", equalTo(ada.username()))
                .body("members", contains(ada.username(), bob.username(), cy.username()))
                .body("submissionCount", equalTo(2));

        team(cy, slug).then().body("leader", equalTo(ada.username()));
        cy.given().get("/api/competitions/" + slug + "/submissions").then().body("id", hasSize(2))
                .body("find { it.id == " + bobs + " }.selected", equalTo(false))
                .body("find { it.id == " + bobs + " }.submittedBy", equalTo(bob.username()));
        given().get("/api/competitions/" + slug + "/leaderboard").then().body("entries", hasSize(1))
                .body("entries[0].team.name", equalTo(ada.username())).body("entries[0].submissionCount", equalTo(2))
                .body("entries[0].score", equalTo(1.0f));
        given().get("/api/competitions/" + slug).then().body("entrantCount", equalTo(1));
    }

    @Test
    void onlyTheLeaderInvitesOrRenamesAndOnlyTheInviteeSeesAnInvitation() {
        Account organizer = TestAccounts.organizer("org");
        String slug = teamCompetition(organizer, Map.of());
        Account ada = TestAccounts.signUp("ada");
        Account bob = TestAccounts.signUp("bob");
        Account eve = TestAccounts.signUp("eve");
        join(ada, slug);
        teamUp(ada, slug, bob);

        invite(bob, slug, eve.username()).then().statusCode(403).contentType(startsWith("application/problem+json"))
                .body("detail", containsString("Only the leader of team '" + ada.username() + "'"));
        bob.given().contentType(ContentType.JSON).body(Map.of("name", "Mine now"))
                .patch("/api/competitions/" + slug + "/team").then().statusCode(403);
        invite(eve, slug, bob.username()).then().statusCode(404).contentType(startsWith("application/problem+json"));
        team(eve, slug).then().statusCode(404);
        given().get("/api/competitions/" + slug + "/team").then().statusCode(401);
        invite(ada, slug, "nobody-" + slug).then().statusCode(404).body("field", equalTo("username"));
        invite(ada, slug, " ").then().statusCode(400).body("field", equalTo("username"));
        invite(ada, slug, bob.username()).then().statusCode(409).body("field", equalTo("username"))
                .body("detail", containsString("already on your team"));
        ada.given().contentType(ContentType.JSON).body(Map.of("name", "  "))
                .patch("/api/competitions/" + slug + "/team").then().statusCode(400).body("field", equalTo("name"));
        team(ada, slug).then().statusCode(200);
        invite(ada, "no-such-" + slug, eve.username()).then().statusCode(404);

        Account cy = TestAccounts.signUp("cy");
        long forCy = invited(ada, slug, cy);
        invite(ada, slug, cy.username()).then().statusCode(409).body("detail", containsString("pending invitation"));
        for (Account other : List.of(eve, bob)) {
            accept(other, forCy).then().statusCode(404).contentType(startsWith("application/problem+json"));
            other.given().post("/api/invitations/" + forCy + "/decline").then().statusCode(404);
        }
        eve.given().get("/api/invitations/" + forCy).then().statusCode(404);
        eve.given().get("/api/me/invitations").then().body("id", hasSize(0));
        bob.given().get("/api/invitations/" + forCy).then().statusCode(200).body("to", equalTo(cy.username()));
        accept(cy, Long.MAX_VALUE).then().statusCode(404);

        cy.given().post("/api/invitations/" + forCy + "/decline").then().statusCode(200).body("status", equalTo("declined"));
        accept(cy, forCy).then().statusCode(409);
        team(cy, slug).then().statusCode(404);

        Account dan = TestAccounts.signUp("dan");
        join(dan, slug);
        invite(dan, slug, bob.username()).then().statusCode(409).body("field", equalTo("username"))
                .body("detail", containsString("already on team '" + ada.username() + "'"));
    }
}
