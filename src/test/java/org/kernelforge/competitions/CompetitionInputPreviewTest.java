package org.kernelforge.competitions;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * The editor's data sidebar previews a competition source as a kernel run mounts it: the competition's data at
 * /kaggle/input/&lt;competition slug&gt;, even when the dataset behind it is private to the organizer.
 */
@QuarkusTest
class CompetitionInputPreviewTest {

    @Test
    void competitionDataIsPreviewedAtItsMountEvenFromAPrivateDataset() {
        Account organizer = TestAccounts.organizer("org");
        String dataset = TestAccounts.uniqueName("hidden").toLowerCase();
        String metadata = "{\"title\":\"Data " + dataset + "\",\"id\":\"" + organizer.username() + "/" + dataset
                + "\",\"isPrivate\":true}";
        organizer.given().multiPart("metadata", metadata, "application/json")
                .multiPart("file", "train.csv", CompetitionFixtures.TRAIN_CSV.getBytes(), "text/csv")
                .multiPart("file", "test.csv", CompetitionFixtures.TEST_CSV.getBytes(), "text/csv")
                .post("/api/datasets").then().statusCode(201);
        String slug = CompetitionFixtures.slug();
        CompetitionFixtures.create(organizer, CompetitionFixtures.settings(slug, organizer.username() + "/" + dataset + "/1"));
        Account ada = TestAccounts.signUp("ada");

        ada.given().queryParam("competition_sources", slug, "no-such-competition")
                .queryParam("dataset_sources", organizer.username() + "/" + dataset)
                .get("/api/kernels/" + ada.username() + "/for-" + slug + "/inputs").then().statusCode(200)
                .body("kind", contains("dataset", "competition", "competition"))
                .body("[0].error", containsString("There is no dataset '" + organizer.username() + "/" + dataset + "' that you can read"))
                .body("[1].mount", is("/kaggle/input/" + slug))
                .body("[1].ref", is(slug))
                .body("[1].files.path", contains("test.csv", "train.csv"))
                .body("[1].files[1].size", is(CompetitionFixtures.TRAIN_CSV.length()))
                .body("[2].error", containsString("There is no competition 'no-such-competition'"));
    }
}
