package org.kernelforge.web;

import io.restassured.http.ContentType;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;
import org.kernelforge.competitions.CompetitionFixtures;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.fail;
import static org.kernelforge.competitions.CompetitionFixtures.SOLUTION;
import static org.kernelforge.competitions.CompetitionFixtures.TEST_CSV;
import static org.kernelforge.competitions.CompetitionFixtures.rows;

/** Competitions for the browser journeys, set up through the public API as an organizer would. */
final class WebCompetitions {

    private WebCompetitions() {
    }

    /** A submission predicting Survived = 1 for even ids: every answer right. */
    static String rightAnswers() {
        return "PassengerId,Survived\n" + rows(i -> i + "," + (i % 2 == 0 ? 1 : 0));
    }

    /** A dataset of the organizer's holding {@link CompetitionFixtures#TEST_CSV} as test.csv; answers its ref with version 1. */
    static String dataset(Account organizer, boolean isPrivate) {
        return dataset(organizer, isPrivate, Map.of("test.csv", TEST_CSV));
    }

    /** A dataset of the organizer's with these files (name to content); answers its ref with version 1. */
    static String dataset(Account organizer, boolean isPrivate, Map<String, String> files) {
        String slug = TestAccounts.uniqueName("data").toLowerCase();
        var request = organizer.given().multiPart("metadata", "{\"title\":\"Data " + slug + "\",\"id\":\"" + organizer.username()
                + "/" + slug + "\",\"isPrivate\":" + isPrivate + "}", "application/json");
        new LinkedHashMap<>(files).forEach((name, content) -> request.multiPart("file", name, content.getBytes(), "text/csv"));
        request.post("/api/datasets").then().statusCode(201);
        return organizer.username() + "/" + slug + "/1";
    }

    /**
     * The settings of an accuracy competition on Survived by PassengerId, open now for 30 days (teams may take members
     * until a week before the end), on {@code dataset}.
     */
    static Map<String, Object> settings(String dataset) {
        String slug = TestAccounts.uniqueName("comp").toLowerCase();
        Map<String, Object> settings = new HashMap<>();
        settings.put("slug", slug);
        settings.put("title", "Competition " + slug);
        settings.put("startTime", Instant.now().minusSeconds(60).toString());
        settings.put("endTime", Instant.now().plus(Duration.ofDays(30)).toString());
        settings.put("dataset", dataset);
        settings.put("metric", "accuracy");
        settings.put("idColumn", "PassengerId");
        settings.put("targetColumns", List.of("Survived"));
        return settings;
    }

    /** Creates the competition; answers its slug. */
    static String create(Account organizer, Map<String, Object> settings) {
        organizer.given().contentType(ContentType.JSON).body(settings).post("/api/competitions").then().statusCode(201);
        return (String) settings.get("slug");
    }

    /** An accuracy competition on {@link CompetitionFixtures#TEST_CSV} with its {@link CompetitionFixtures#SOLUTION}: open for submissions. */
    static String open(Account organizer) {
        String slug = create(organizer, settings(dataset(organizer, false)));
        solution(organizer, slug, SOLUTION);
        return slug;
    }

    static void solution(Account organizer, String slug, String csv) {
        organizer.given().contentType("text/csv").body(csv).put("/api/competitions/" + slug + "/solution").then().statusCode(204);
    }

    /** Waits until the submission is scored (or has failed): its competitors' pages show its score from then on. */
    static void awaitScored(Account member, String slug, long id) {
        Instant deadline = Instant.now().plus(BrowserTestBase.RUN);
        String status = "pending";
        while (Instant.now().isBefore(deadline)) {
            status = member.given().get("/api/competitions/" + slug + "/submissions/" + id).then().statusCode(200)
                    .extract().path("submission.status");
            if (status.equals("complete") || status.equals("error")) {
                return;
            }
            WebFixtures.pause();
        }
        fail("submission " + id + " of " + slug + " is still " + status + " after " + BrowserTestBase.RUN);
    }
}
