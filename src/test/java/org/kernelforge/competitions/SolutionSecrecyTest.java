package org.kernelforge.competitions;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernelforge.competitions.CompetitionFixtures.*;

/** The hidden answers reach no one but the competition's organizers and admins, on any route. */
@QuarkusTest
class SolutionSecrecyTest {

    @Test
    void onlyOrganizersAndAdminsCanReadTheSolution() {
        Account organizer = TestAccounts.organizer("org");
        String slug = ready(organizer);
        Account rival = TestAccounts.organizer("rival");
        Account competitor = TestAccounts.signUp("snoop");
        join(competitor, slug);

        String stored = organizer.given().get("/api/competitions/" + slug + "/solution").then().statusCode(200)
                .extract().asString();
        assertTrue(stored.contains("Usage") && stored.contains("110,1,Private"), stored);
        TestAccounts.admin().given().get("/api/competitions/" + slug + "/solution").then().statusCode(200);
        for (Account other : List.of(competitor, rival)) {
            other.given().get("/api/competitions/" + slug + "/solution").then().statusCode(404);
            other.given().get("/api/competitions/" + slug).then().statusCode(200)
                    .body(not(containsString("110,1"))).body("solution", equalTo(null));
            other.given().contentType("text/csv").body(SOLUTION).put("/api/competitions/" + slug + "/solution")
                    .then().statusCode(403);
        }
        given().get("/api/competitions/" + slug + "/solution").then().statusCode(404);
        given().get("/api/competitions/" + slug + "/data/solution.csv").then().statusCode(404);
        given().get("/api/competitions/" + slug + "/data").then().body(not(containsString("Usage")));
        // a competitor cannot read others' submissions or every submission
        competitor.given().get("/api/competitions/" + slug + "/submissions?all=true").then().statusCode(403);
    }

    @Test
    void aKernelWithTheCompetitionDataSeesOnlyThePublicFiles() {
        Account organizer = TestAccounts.organizer("org");
        String slug = ready(organizer);
        Account competitor = TestAccounts.signUp("peek");
        String kernel = TestAccounts.uniqueName("peek").toLowerCase();
        // walks every input and searches the readable file system for the private rows of the solution
        String source = "import os\n"
                + "marker = '110,1,' + 'Private'  # built at run time, so this script does not contain it\n"
                + "found = []\n"
                + "for top in ['/kaggle/input', '/input', '/kaggle', '/tmp', '/var', '/srv', '/opt', '/home']:\n"
                + "    for root, dirs, files in os.walk(top):\n"
                + "        for name in files:\n"
                + "            p = os.path.join(root, name)\n"
                + "            try:\n"
                + "                if marker in open(p, errors='ignore').read(1000000): found.append(p)\n"
                + "            except Exception: pass\n"
                + "print('INPUT', sorted(os.listdir('/kaggle/input/" + slug + "')))\n"
                + "print('FOUND', found)\n";
        competitor.given().contentType(ContentType.JSON)
                .body(Map.of("kernel_type", "script", "source", source, "competition_sources", List.of(slug)))
                .post("/api/kernels/" + competitor.username() + "/" + kernel + "/versions").then().statusCode(202);
        CompetitionJourneyTest.awaitComplete(competitor, kernel);
        String log = competitor.given().get("/api/kernels/" + competitor.username() + "/" + kernel + "/versions/1/log").asString();
        assertTrue(log.contains("INPUT ['test.csv', 'train.csv']"), log);
        assertTrue(log.contains("FOUND []"), log);
    }

    @Test
    void aSolutionThatIsAlsoAFileOfThePublicDataIsRefused() {
        Account organizer = TestAccounts.organizer("org");
        String dataSlug = TestAccounts.uniqueName("leaky").toLowerCase();
        organizer.given().multiPart("metadata", "{\"title\":\"Leaky\",\"id\":\"" + organizer.username() + "/" + dataSlug
                        + "\",\"isPrivate\":false}", "application/json")
                .multiPart("file", "test.csv", TEST_CSV.getBytes(), "text/csv")
                .multiPart("file", "answers.csv", SOLUTION.getBytes(), "text/csv")
                .post("/api/datasets").then().statusCode(201);
        String slug = slug();
        create(organizer, settings(slug, organizer.username() + "/" + dataSlug + "/1"));
        organizer.given().contentType("text/csv").body(SOLUTION).put("/api/competitions/" + slug + "/solution")
                .then().statusCode(400).body("detail", containsString("answers.csv"));
        organizer.given().get("/api/competitions/" + slug).then().body("scoringReady", equalTo(false));
    }

    @Test
    void aSolutionWhoseIdsDoNotMatchTheTestFileIsRefusedWithExamples() {
        Account organizer = TestAccounts.organizer("org");
        String slug = slug();
        create(organizer, settings(slug, dataset(organizer)));
        String shifted = SOLUTION.replace("101,0,Public", "201,0,Public");
        organizer.given().contentType("text/csv").body(shifted).put("/api/competitions/" + slug + "/solution")
                .then().statusCode(400).body("field", equalTo("solution"))
                .body("detail", containsString("test.csv"))
                .body("detail", containsString("1 id of the solution not in the file (e.g. \"201\")"))
                .body("detail", containsString("1 id of the file not in the solution (e.g. \"101\")"));
    }
}
