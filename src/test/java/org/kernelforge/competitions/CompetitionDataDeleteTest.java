package org.kernelforge.competitions;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;
import io.restassured.http.ContentType;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;

/** A dataset a competition is built on is not deleted from under it: the delete says which competition uses it. */
@QuarkusTest
class CompetitionDataDeleteTest {

    @Test
    void aDatasetUsedByACompetitionIsNotDeleted() {
        Account organizer = TestAccounts.organizer("cdd");
        String dataset = CompetitionFixtures.dataset(organizer);
        String slug = CompetitionFixtures.slug();
        CompetitionFixtures.create(organizer, CompetitionFixtures.settings(slug, dataset));
        String ref = dataset.substring(0, dataset.lastIndexOf('/'));

        organizer.given().delete("/api/datasets/" + ref).then().statusCode(409).contentType("application/problem+json")
                .body("detail", allOf(containsString("competition " + slug), containsString("cannot be deleted")));
        organizer.given().get("/api/datasets/" + ref).then().statusCode(200);
        organizer.given().get("/api/competitions/" + slug).then().statusCode(200);
    }

    @Test
    void aKernelWhoseOutputWasSubmittedIsNotDeleted() throws InterruptedException {
        Account organizer = TestAccounts.organizer("cdk");
        String slug = CompetitionFixtures.ready(organizer);
        Account eve = TestAccounts.signUp("cdk");
        CompetitionFixtures.join(eve, slug);
        String kernel = TestAccounts.uniqueName("k").toLowerCase();
        String base = "/api/kernels/" + eve.username() + "/" + kernel;
        eve.given().contentType(ContentType.JSON).body(Map.of("kernel_type", "script", "competition_sources", List.of(slug),
                        "source", "open('/kaggle/working/submission.csv', 'w').write('PassengerId,Survived\\n1,0\\n')"))
                .post(base + "/versions").then().statusCode(202);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (!"complete".equals(eve.given().get(base + "/versions/1").path("status"))) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the run did not complete");
            }
            Thread.sleep(300);
        }
        eve.given().contentType(ContentType.JSON)
                .body(Map.of("kernel", eve.username() + "/" + kernel, "version", 1, "file", "submission.csv"))
                .post("/api/competitions/" + slug + "/submissions").then().statusCode(202);

        eve.given().delete(base).then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("submissions to competition " + slug));
        eve.given().get(base + "/versions/1").then().statusCode(200);
    }
}
