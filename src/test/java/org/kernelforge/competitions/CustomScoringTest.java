package org.kernelforge.competitions;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernelforge.competitions.CompetitionFixtures.*;

/** An organizer's own Python scoring program, run in a sandboxed container. */
@QuarkusTest
class CustomScoringTest {

    /** Public score: the share of public rows predicted right, times 100; rejects a file without a header it wants. */
    private static final String PROGRAM = "import csv, json, sys, socket\n"
            + "sol = {r['PassengerId']: r for r in csv.DictReader(open(sys.argv[1]))}\n"
            + "sub = list(csv.DictReader(open(sys.argv[2])))\n"
            + "if not sub or 'Survived' not in sub[0]:\n"
            + "    print(json.dumps({'error': 'Your file needs a Survived column'})); sys.exit(0)\n"
            + "try:\n"
            + "    socket.create_connection(('127.0.0.1', 5432), timeout=1); net = 'open'\n"
            + "except OSError:\n"
            + "    net = 'closed'\n"
            + "print('network', net)\n"
            + "def score(usage):\n"
            + "    rows = [r for r in sub if sol[r['PassengerId']]['Usage'] == usage]\n"
            + "    return 100.0 * sum(r['Survived'] == sol[r['PassengerId']]['Survived'] for r in rows) / len(rows)\n"
            + "print(json.dumps({'public': score('Public'), 'private': score('Private')}))\n";

    @Test
    void aScoringProgramScoresAndItsFailuresAreShownToOrganizersOnly() {
        Account organizer = TestAccounts.organizer("org");
        String slug = slug();
        Map<String, Object> settings = settings(slug, dataset(organizer));
        settings.put("metric", "custom");
        settings.put("scoringDirection", "maximize");
        create(organizer, settings);
        putSolution(organizer, slug, SOLUTION);
        organizer.given().get("/api/competitions/" + slug).then().body("scoringReady", equalTo(false));
        organizer.given().contentType("text/x-python").body(PROGRAM).put("/api/competitions/" + slug + "/scoring-program")
                .then().statusCode(204);
        Account ivy = TestAccounts.signUp("ivy");
        join(ivy, slug);

        Map<String, Object> good = scored(ivy, slug, predicting(List.of(102, 104)));
        assertEquals("complete", good.get("status"), () -> String.valueOf(good.get("error")));
        assertEquals(500.0 / 6, ((Number) good.get("publicScore")).doubleValue(), 1e-9);
        Map<String, Object> rejected = scored(ivy, slug, "PassengerId,Alive\n101,1\n");
        assertEquals("Your file needs a Survived column", rejected.get("error"));

        // a crashing program: the competitor gets a neutral message, the organizer the details
        organizer.given().contentType("text/x-python").body("raise SystemExit('boom: the solution moved')")
                .put("/api/competitions/" + slug + "/scoring-program").then().statusCode(204);
        long id = submit(ivy, slug, predicting(List.of(102)));
        Map<String, Object> failed = awaitScored(ivy, slug, id);
        assertEquals("error", failed.get("status"));
        assertTrue(((String) failed.get("error")).contains("organizers have been told"), (String) failed.get("error"));
        assertNull(failed.get("organizerError"));
        organizer.given().get("/api/competitions/" + slug + "/submissions?all=true").then().statusCode(200)
                .body("find { it.id == " + id + " }.organizerError", containsString("boom: the solution moved"))
                .body("find { it.id == " + id + " }.entrant", equalTo(ivy.username()));
    }

    @Test
    void theScoringProgramHasNoNetwork() {
        Account organizer = TestAccounts.organizer("org");
        String slug = slug();
        Map<String, Object> settings = settings(slug, dataset(organizer));
        settings.put("metric", "custom");
        settings.put("scoringDirection", "minimize");
        create(organizer, settings);
        putSolution(organizer, slug, SOLUTION);
        organizer.given().contentType("text/x-python")
                .body(PROGRAM.replace("print('network', net)\n", "if net == 'open': raise SystemExit('network reachable')\n"))
                .put("/api/competitions/" + slug + "/scoring-program").then().statusCode(204);
        Account joe = TestAccounts.signUp("joe");
        join(joe, slug);
        Map<String, Object> s = scored(joe, slug, predicting(List.of()));
        assertEquals("complete", s.get("status"), () -> String.valueOf(s.get("error")));
    }
}
