package org.kernelforge.competitions;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.Response;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Sets up competitions and submits to them through the public API, as organizers and competitors would. The Titanic
 * data and answers are public for the browser journeys ({@code web.WebCompetitions}) too.
 */
public final class CompetitionFixtures {

    /** Ten passengers; the answers are in {@link #SOLUTION}, never in the public data. */
    public static final String TEST_CSV = "PassengerId,Pclass,Sex\n" + rows(i -> i + "," + (i % 3 + 1) + "," + (i % 2 == 0 ? "female" : "male"));
    public static final String TRAIN_CSV = "PassengerId,Pclass,Sex,Survived\n1,3,male,0\n2,1,female,1\n3,3,female,1\n";
    /** Ids 101..110: Survived = 1 for even ids; rows 101-106 public, 107-110 private. */
    public static final String SOLUTION = "PassengerId,Survived,Usage\n"
            + rows(i -> i + "," + (i % 2 == 0 ? 1 : 0) + "," + (i <= 106 ? "Public" : "Private"));

    private CompetitionFixtures() {
    }

    public interface Row {
        String of(int id);
    }

    /** Lines for ids 101..110. */
    public static String rows(Row row) {
        StringBuilder out = new StringBuilder();
        for (int i = 101; i <= 110; i++) {
            out.append(row.of(i)).append('\n');
        }
        return out.toString();
    }

    /** A submission: predicts Survived = 1 for the ids given, 0 for the rest. */
    static String predicting(List<Integer> survivors) {
        return "PassengerId,Survived\n" + rows(i -> i + "," + (survivors.contains(i) ? 1 : 0));
    }

    /** A public dataset "owner/slug" with train.csv and test.csv; answers its ref with version 1. */
    static String dataset(Account owner) {
        String slug = TestAccounts.uniqueName("titanic").toLowerCase();
        String metadata = "{\"title\":\"Data " + slug + "\",\"id\":\"" + owner.username() + "/" + slug + "\",\"isPrivate\":false}";
        owner.given().multiPart("metadata", metadata, "application/json")
                .multiPart("file", "train.csv", TRAIN_CSV.getBytes(), "text/csv")
                .multiPart("file", "test.csv", TEST_CSV.getBytes(), "text/csv")
                .post("/api/datasets").then().statusCode(201);
        return owner.username() + "/" + slug + "/1";
    }

    /** Settings of an accuracy competition on Survived, open now for a day. */
    static Map<String, Object> settings(String slug, String dataset) {
        Map<String, Object> s = new HashMap<>();
        s.put("slug", slug);
        s.put("title", "Titanic " + slug);
        s.put("description", "Predict **who survived**.");
        s.put("rules", "One account per person.");
        s.put("startTime", Instant.now().minusSeconds(60).toString());
        s.put("endTime", Instant.now().plus(Duration.ofDays(1)).toString());
        s.put("dataset", dataset);
        s.put("metric", "accuracy");
        s.put("idColumn", "PassengerId");
        s.put("targetColumns", List.of("Survived"));
        return s;
    }

    static String slug() {
        return TestAccounts.uniqueName("comp").toLowerCase();
    }

    static void create(Account organizer, Map<String, Object> settings) {
        organizer.given().contentType(ContentType.JSON).body(settings).post("/api/competitions").then().statusCode(201);
    }

    static void putSolution(Account organizer, String slug, String csv) {
        organizer.given().contentType("text/csv").body(csv).put("/api/competitions/" + slug + "/solution")
                .then().statusCode(204);
    }

    /** An accuracy competition with {@link #SOLUTION}, open now. */
    static String ready(Account organizer) {
        String slug = slug();
        create(organizer, settings(slug, dataset(organizer)));
        putSolution(organizer, slug, SOLUTION);
        return slug;
    }

    static void join(Account competitor, String slug) {
        competitor.given().post("/api/competitions/" + slug + "/join").then().statusCode(200);
    }

    static Response upload(Account competitor, String slug, String fileName, String csv) {
        return competitor.given().multiPart("file", fileName, csv.getBytes(), "text/csv")
                .multiPart("description", "test submission")
                .post("/api/competitions/" + slug + "/submissions");
    }

    static long submit(Account competitor, String slug, String csv) {
        return ((Number) upload(competitor, slug, "submission.csv", csv).then().statusCode(202)
                .extract().path("id")).longValue();
    }

    /** Waits until the submission is no longer pending; answers it as its competitor sees it. */
    static Map<String, Object> awaitScored(Account competitor, String slug, long id) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            String body = competitor.given().get("/api/competitions/" + slug + "/submissions/" + id)
                    .then().statusCode(200).extract().asString();
            Map<String, Object> s = JsonPath.from(body).using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE))
                    .getMap("submission");
            if (!"pending".equals(s.get("status"))) {
                return s;
            }
            sleep(50);
        }
        fail("submission " + id + " was not scored within 60 s");
        return null;
    }

    static Map<String, Object> scored(Account competitor, String slug, String csv) {
        return awaitScored(competitor, slug, submit(competitor, slug, csv));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
