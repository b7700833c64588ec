package org.kernelforge.competitions;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kernelforge.competitions.CompetitionFixtures.SOLUTION;
import static org.kernelforge.competitions.CompetitionFixtures.TEST_CSV;
import static org.kernelforge.competitions.CompetitionFixtures.TRAIN_CSV;
import static org.kernelforge.competitions.CompetitionFixtures.create;
import static org.kernelforge.competitions.CompetitionFixtures.dataset;
import static org.kernelforge.competitions.CompetitionFixtures.join;
import static org.kernelforge.competitions.CompetitionFixtures.predicting;
import static org.kernelforge.competitions.CompetitionFixtures.putSolution;
import static org.kernelforge.competitions.CompetitionFixtures.settings;
import static org.kernelforge.competitions.CompetitionFixtures.slug;
import static org.kernelforge.competitions.CompetitionFixtures.upload;

/** A competition as its competitors meet it: not open before it can score, its data whatever the dataset's visibility. */
@QuarkusTest
class CompetitorViewTest {

    @Test
    void aCompetitionWithoutItsSolutionIsNotOpenAndRefusesSubmissionsSayingWhy() {
        Account organizer = TestAccounts.organizer("org");
        String slug = slug();
        create(organizer, settings(slug, dataset(organizer)));
        Account eve = TestAccounts.signUp("eve");

        eve.given().get("/api/competitions/" + slug).then().statusCode(200)
                .body("state", equalTo("preparing")).body("scoringReady", equalTo(false))
                .body("notOpenBecause", equalTo(List.of("the solution")))
                .body("checklist", nullValue());
        given().get("/api/competitions").then().statusCode(200)
                .body("find { it.slug == '" + slug + "' }.state", equalTo("preparing"));
        organizer.given().get("/api/competitions/" + slug).then().statusCode(200)
                .body("checklist.item", equalTo(List.of("data", "metric", "solution", "dates")))
                .body("checklist.done", equalTo(List.of(true, true, false, true)))
                .body("checklist.find { it.item == 'solution' }.fixAt", equalTo("/competitions/" + slug + "/edit#sol-h"))
                .body("checklist.find { it.item == 'data' }.detail", containsString("2 files"));

        // refused before the join check too: what is missing is the reason
        upload(eve, slug, "s.csv", predicting(List.of())).then().statusCode(409)
                .body("detail", containsString("'" + slug + "' is not open for submissions yet"))
                .body("detail", containsString("have not uploaded the solution"));
        join(eve, slug);
        upload(eve, slug, "s.csv", predicting(List.of())).then().statusCode(409)
                .body("detail", containsString("have not uploaded the solution"));
        eve.given().get("/api/competitions/" + slug + "/submissions").then().statusCode(200).body("size()", equalTo(0));

        putSolution(organizer, slug, SOLUTION);
        eve.given().get("/api/competitions/" + slug).then().body("state", equalTo("active"))
                .body("notOpenBecause", equalTo(List.of()));
        organizer.given().get("/api/competitions/" + slug).then()
                .body("checklist.done", equalTo(List.of(true, true, true, true)));
        upload(eve, slug, "s.csv", predicting(List.of())).then().statusCode(202);
    }

    @Test
    void aCustomMetricWaitsForItsScoringProgramToo() {
        Account organizer = TestAccounts.organizer("org");
        String slug = slug();
        Map<String, Object> s = settings(slug, dataset(organizer));
        s.put("metric", "custom");
        s.put("scoringDirection", "maximize");
        create(organizer, s);
        putSolution(organizer, slug, SOLUTION);
        organizer.given().get("/api/competitions/" + slug).then().statusCode(200)
                .body("state", equalTo("preparing")).body("notOpenBecause", equalTo(List.of("the scoring program")))
                .body("checklist.find { it.item == 'metric' }.done", equalTo(false))
                .body("checklist.find { it.item == 'solution' }.done", equalTo(true));
        Account eve = TestAccounts.signUp("eve");
        join(eve, slug);
        upload(eve, slug, "s.csv", predicting(List.of())).then().statusCode(409)
                .body("detail", containsString("have not uploaded the scoring program"));
    }

    @Test
    void theDataOfACompetitionOnAPrivateDatasetIsReachableThroughTheCompetition() {
        Account organizer = TestAccounts.organizer("org");
        String data = TestAccounts.uniqueName("hidden").toLowerCase();
        organizer.given().multiPart("metadata", "{\"title\":\"Hidden " + data + "\",\"id\":\"" + organizer.username()
                        + "/" + data + "\",\"isPrivate\":true}", "application/json")
                .multiPart("file", "train.csv", TRAIN_CSV.getBytes(), "text/csv")
                .multiPart("file", "test.csv", TEST_CSV.getBytes(), "text/csv")
                .post("/api/datasets").then().statusCode(201);
        String slug = slug();
        create(organizer, settings(slug, organizer.username() + "/" + data + "/1"));
        putSolution(organizer, slug, SOLUTION);
        Account eve = TestAccounts.signUp("eve");
        join(eve, slug);

        // the dataset itself stays private
        eve.given().get("/api/datasets/" + organizer.username() + "/" + data).then().statusCode(404);
        eve.given().get("/api/competitions/" + slug).then().statusCode(200)
                .body("dataset.page", equalTo("/competitions/" + slug + "/data"))
                .body("dataset.api", containsString("/api/competitions/" + slug + "/data"))
                .body("dataset.datasetVisible", equalTo(false));
        organizer.given().get("/api/competitions/" + slug).then().body("dataset.datasetVisible", equalTo(true));

        // file list, download and preview through the competition
        eve.given().get("/api/competitions/" + slug + "/data").then().statusCode(200)
                .body("path", equalTo(List.of("test.csv", "train.csv")));
        assertEquals(TEST_CSV, eve.given().get("/api/competitions/" + slug + "/data/test.csv").then().statusCode(200)
                .extract().asString());
        given().cookie("kf_session", eve.sessionCookie()).get("/competitions/" + slug + "/data?file=train.csv").then()
                .statusCode(200).body(containsString("id=\"csv-preview\""), containsString("<td>female</td>"),
                        not(containsString("href=\"/datasets/" + organizer.username() + "/" + data)));
        given().cookie("kf_session", eve.sessionCookie()).get("/competitions/" + slug).then().statusCode(200)
                .body(containsString("href=\"/competitions/" + slug + "/data\" id=\"data-link\""),
                        not(containsString("href=\"/datasets/")));
        given().cookie("kf_session", organizer.sessionCookie()).get("/competitions/" + slug + "/data").then()
                .statusCode(200).body(containsString("href=\"/datasets/" + organizer.username() + "/" + data + "?version=1\""));
        eve.given().get("/api/competitions").then().body("slug", hasItem(slug));
    }
}
