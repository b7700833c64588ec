package org.kernelforge.competitions;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

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
}
