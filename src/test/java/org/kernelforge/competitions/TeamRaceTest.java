package org.kernelforge.competitions;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernelforge.competitions.CompetitionFixtures.join;
import static org.kernelforge.competitions.CompetitionFixtures.predicting;
import static org.kernelforge.competitions.CompetitionFixtures.upload;
import static org.kernelforge.competitions.TeamFixtures.*;

/** Members and teams acting at the same moment: the daily limit holds and no team is left half-merged. */
@QuarkusTest
class TeamRaceTest {

    @Test
    void twoMembersSubmittingAtOnceNeverGetPastTheTeamsDailyLimit() throws Exception {
        Account organizer = TestAccounts.organizer("org");
        String slug = teamCompetition(organizer, Map.of("dailySubmissionLimit", 3));
        Account ada = TestAccounts.signUp("ada");
        Account bob = TestAccounts.signUp("bob");
        join(ada, slug);
        teamUp(ada, slug, bob);

        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            for (Account member : List.of(ada, bob)) {
                calls.add(() -> upload(member, slug, "s.csv", predicting(List.of(102))));
            }
        }
        List<Response> responses = all(calls);
        long accepted = responses.stream().filter(r -> r.statusCode() == 202).count();
        for (Response r : responses) {
            assertTrue(r.statusCode() == 202 || r.statusCode() == 429, r.asString());
        }
        assertEquals(3, accepted);
        ada.given().get("/api/competitions/" + slug + "/submissions").then().body("size()", equalTo(3));
        bob.given().get("/api/competitions/" + slug).then().body("caller.submissionsLeftToday", equalTo(0));
    }

    @Test
    void aUserAcceptingTwoInvitationsAtOnceEndsOnExactlyOneTeam() throws Exception {
        Account organizer = TestAccounts.organizer("org");
        String slug = teamCompetition(organizer, Map.of());
        Account ada = TestAccounts.signUp("ada");
        Account bob = TestAccounts.signUp("bob");
        Account cy = TestAccounts.signUp("cy");
        join(ada, slug);
        join(bob, slug);
        join(cy, slug);
        long fromAda = invited(ada, slug, cy);
        long fromBob = invited(bob, slug, cy);

        List<Response> responses = all(List.of(() -> accept(cy, fromAda), () -> accept(cy, fromBob)));
        List<Integer> codes = responses.stream().map(Response::statusCode).sorted().toList();
        assertEquals(List.of(200, 409), codes, responses.get(0).asString() + responses.get(1).asString());
        int adas = team(ada, slug).then().extract().path("members.size()");
        int bobs = team(bob, slug).then().extract().path("members.size()");
        assertEquals(3, adas + bobs);
        String leader = team(cy, slug).then().statusCode(200).extract().path("leader");
        assertTrue(leader.equals(ada.username()) || leader.equals(bob.username()), leader);
        organizer.given().get("/api/competitions/" + slug + "/teams").then().body("size()", equalTo(2));
    }

    @Test
    void twoLeadersAcceptingEachOthersMergeAtOnceMergeOnce() throws Exception {
        Account organizer = TestAccounts.organizer("org");
        String slug = teamCompetition(organizer, Map.of());
        Account ada = TestAccounts.signUp("ada");
        Account bob = TestAccounts.signUp("bob");
        Account cy = TestAccounts.signUp("cy");
        join(ada, slug);
        join(bob, slug);
        teamUp(bob, slug, cy);
        long adaAsksBob = invited(ada, slug, bob);
        long bobAsksAda = invited(bob, slug, ada);

        List<Response> responses = all(List.of(() -> accept(bob, adaAsksBob), () -> accept(ada, bobAsksAda)));
        long ok = responses.stream().filter(r -> r.statusCode() == 200).count();
        assertEquals(1, ok, responses.get(0).asString() + responses.get(1).asString());
        for (Response r : responses) {
            assertTrue(r.statusCode() == 200 || r.statusCode() == 404 || r.statusCode() == 409, r.asString());
        }
        organizer.given().get("/api/competitions/" + slug + "/teams").then().body("size()", equalTo(1))
                .body("[0].members.size()", equalTo(3));
    }

    private static List<Response> all(List<Callable<Response>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            List<Future<Response>> futures = new ArrayList<>();
            for (Callable<Response> call : calls) {
                futures.add(pool.submit(call));
            }
            List<Response> out = new ArrayList<>();
            for (Future<Response> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }
}
