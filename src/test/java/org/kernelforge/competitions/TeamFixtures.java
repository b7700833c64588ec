package org.kernelforge.competitions;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.kernelforge.TestAccounts.Account;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.kernelforge.competitions.CompetitionFixtures.dataset;
import static org.kernelforge.competitions.CompetitionFixtures.putSolution;
import static org.kernelforge.competitions.CompetitionFixtures.settings;
import static org.kernelforge.competitions.CompetitionFixtures.slug;

/** Competitions open for teams (ending in 30 days: the default merger deadline is 23 days away) and team calls. */
final class TeamFixtures {

    private TeamFixtures() {
    }

    /** A ready competition with {@code overrides} on top of the fixture settings and a 30-day run. */
    static String teamCompetition(Account organizer, Map<String, Object> overrides) {
        String slug = slug();
        Map<String, Object> s = settings(slug, dataset(organizer));
        s.put("endTime", Instant.now().plus(Duration.ofDays(30)).toString());
        s.putAll(overrides);
        organizer.given().contentType(ContentType.JSON).body(s).post("/api/competitions").then().statusCode(201);
        putSolution(organizer, slug, CompetitionFixtures.SOLUTION);
        return slug;
    }

    static Response invite(Account leader, String slug, String username) {
        return leader.given().contentType(ContentType.JSON).body(Map.of("username", username))
                .post("/api/competitions/" + slug + "/team/invitations");
    }

    static long invited(Account leader, String slug, Account invitee) {
        return ((Number) invite(leader, slug, invitee.username()).then().statusCode(201).extract().path("id")).longValue();
    }

    static Response accept(Account invitee, long invitation) {
        return invitee.given().post("/api/invitations/" + invitation + "/accept");
    }

    static Response team(Account member, String slug) {
        return member.given().get("/api/competitions/" + slug + "/team");
    }

    /** {@code invitee} joins {@code leader}'s team. */
    static void teamUp(Account leader, String slug, Account invitee) {
        accept(invitee, invited(leader, slug, invitee)).then().statusCode(200);
    }
}
