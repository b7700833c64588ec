package org.kernelforge.kaggle;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.kernelforge.HttpDates;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.kernelforge.HttpDates.assertLastModified;
import static org.kernelforge.kaggle.KaggleCalls.as;
import static org.kernelforge.kaggle.KaggleCalls.call;
import static org.kernelforge.kaggle.KaggleCalls.pathOf;

/** kaggle competitions list, files, download, submit (file and kernel), submissions and leaderboard. */
@QuarkusTest
class KaggleCompetitionsTest {

    private static final String API = "competitions.CompetitionApiService/";
    private static final String TRAIN = "id,x,y\n1,0.1,0\n2,0.9,1\n";
    private static final String TEST = "id,x\n3,0.2\n4,0.8\n";
    private static final String SOLUTION = "id,y,Usage\n3,0,Public\n4,1,Private\n";
    private static final String RIGHT = "id,y\n3,0\n4,1\n";

    /** An open accuracy competition on a public dataset, its solution hidden from competitors. */
    private static String competition(Account organizer) {
        String slug = TestAccounts.uniqueName("comp").toLowerCase();
        organizer.given().multiPart("metadata", "{\"title\":\"Data " + slug + "\",\"id\":\"" + organizer.username() + "/"
                        + slug + "-data\",\"isPrivate\":false}", "application/json")
                .multiPart("file", "train.csv", TRAIN.getBytes(), "text/csv")
                .multiPart("file", "test.csv", TEST.getBytes(), "text/csv")
                .post("/api/datasets").then().statusCode(201);
        Map<String, Object> settings = new HashMap<>();
        settings.put("slug", slug);
        settings.put("title", "Guess y " + slug);
        settings.put("startTime", Instant.now().minusSeconds(60).toString());
        settings.put("endTime", Instant.now().plus(Duration.ofDays(1)).toString());
        settings.put("dataset", organizer.username() + "/" + slug + "-data/1");
        settings.put("metric", "accuracy");
        settings.put("idColumn", "id");
        settings.put("targetColumns", List.of("y"));
        organizer.given().contentType(ContentType.JSON).body(settings).post("/api/competitions").then().statusCode(201);
        organizer.given().contentType("text/csv").body(SOLUTION).put("/api/competitions/" + slug + "/solution")
                .then().statusCode(204);
        return slug;
    }

    private static Account competitor(String slug) {
        Account ada = TestAccounts.signUp("ada");
        ada.given().post("/api/competitions/" + slug + "/join").then().statusCode(200);
        return ada;
    }

    private static String named(String slug) {
        return "{\"competitionName\":\"" + slug + "\"}";
    }

    private static String uploadSubmission(Account account, String slug, String csv) {
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        JsonPath started = call(account, API + "StartSubmissionUpload", "{\"competitionName\":\"" + slug + "\",\"contentLength\":"
                + bytes.length + ",\"lastModifiedEpochSeconds\":1767225600,\"fileName\":\"submission.csv\"}")
                .statusCode(200).extract().jsonPath();
        given().body(bytes).contentType("application/octet-stream").put(pathOf(started.getString("createUrl")))
                .then().statusCode(200);
        return started.getString("token");
    }

    private static JsonPath awaitScored(Account account, String slug) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            JsonPath submissions = call(account, API + "ListSubmissions", "{\"competitionName\":\"" + slug + "\",\"page\":-1}")
                    .statusCode(200).extract().jsonPath();
            if (!"PENDING".equals(submissions.getString("submissions[0].status"))) {
                return submissions;
            }
            KaggleCalls.sleep(200);
        }
        fail("The submission was not scored in time");
        return null;
    }

    @Test
    void listFilesAndDownloadsWithoutTheSolution() {
        Account olga = TestAccounts.organizer("olga");
        String slug = competition(olga);
        Account ada = TestAccounts.signUp("ada");
        call(ada, API + "ListCompetitions", "{\"group\":\"COMPETITION_LIST_TAB_GENERAL\",\"category\":\"HOST_SEGMENT_ALL\","
                + "\"sortBy\":\"COMPETITION_SORT_BY_LATEST_DEADLINE\",\"search\":\"" + slug + "\",\"page\":1}")
                .statusCode(200).body("competitions.ref", equalTo(List.of(slug)))
                .body("competitions[0].deadline", endsWith("Z")).body("competitions[0].evaluationMetric", equalTo("accuracy"));
        call(ada, API + "ListDataFiles", named(slug)).statusCode(200)
                .body("files.name", equalTo(List.of("test.csv", "train.csv"))).body("nextPageToken", nullValue());

        String location = call(ada, API + "DownloadDataFile", named(slug).replace("}", ",\"fileName\":\"train.csv\"}"))
                .statusCode(302).header("Location", startsWith("/")).header("Location", endsWith("/train.csv"))
                .extract().header("Location");
        ExtractableResponse<Response> file = as(ada).get(location).then().statusCode(200).extract();
        assertEquals(TRAIN, file.asString());
        Instant uploaded = Instant.parse(as(ada).get("/api/datasets/" + olga.username() + "/" + slug + "-data").then()
                .statusCode(200).extract().path("versions[0].createdAt"));
        assertLastModified(uploaded, file.header("Last-Modified"));
        call(ada, API + "DownloadDataFile", named(slug).replace("}", ",\"fileName\":\"solution.csv\"}"))
                .statusCode(404).body("code", equalTo(404));

        String zipLocation = call(ada, API + "DownloadDataFiles", named(slug)).statusCode(302)
                .header("Location", endsWith(".zip")).extract().header("Location");
        ExtractableResponse<Response> zip = as(ada).get(zipLocation).then().statusCode(200).extract();
        byte[] bytes = zip.asByteArray();
        assertEquals(String.valueOf(bytes.length), zip.header("Content-Length"));
        assertLastModified(uploaded, zip.header("Last-Modified"));
        Map<String, byte[]> entries = KaggleCalls.unzip(bytes);
        assertEquals(Set.of("train.csv", "test.csv"), entries.keySet());
        assertArrayEquals(TEST.getBytes(StandardCharsets.UTF_8), entries.get("test.csv"));
    }

    @Test
    void aSubmittedFileIsScoredListedAndOnTheLeaderboard() {
        Account olga = TestAccounts.organizer("olga");
        String slug = competition(olga);
        Account ada = competitor(slug);
        call(ada, API + "CreateSubmission", "{\"competitionName\":\"" + slug + "\",\"blobFileTokens\":\""
                + uploadSubmission(ada, slug, RIGHT) + "\",\"submissionDescription\":\"all right\"}")
                .statusCode(200).body("message", containsString(slug));
        JsonPath submissions = awaitScored(ada, slug);
        assertEquals("COMPLETE", submissions.getString("submissions[0].status"));
        assertEquals("1.00000", submissions.getString("submissions[0].publicScore"));
        assertEquals("submission.csv", submissions.getString("submissions[0].fileName"));
        assertEquals("all right", submissions.getString("submissions[0].description"));
        assertEquals(ada.username(), submissions.getString("submissions[0].submittedBy"));
        assertEquals(ada.username(), submissions.getString("submissions[0].teamName"));
        assertEquals(null, submissions.getString("submissions[0].privateScore"), "the private score stays hidden until the end");

        call(null, API + "GetLeaderboard", named(slug)).statusCode(200)
                .body("submissions[0].teamName", equalTo(ada.username())).body("submissions[0].score", equalTo("1.00000"));
        Instant asked = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ExtractableResponse<Response> board = call(ada, API + "DownloadLeaderboard", named(slug)).statusCode(200)
                .contentType("application/zip").extract();
        Instant made = HttpDates.lastModified(board.header("Last-Modified"));
        assertTrue(!made.isBefore(asked) && !made.isAfter(Instant.now()), "made now: " + made);
        assertEquals(String.valueOf(board.asByteArray().length), board.header("Content-Length"));
        String csv = new String(KaggleCalls.unzip(board.asByteArray()).values().iterator().next(), StandardCharsets.UTF_8);
        assertTrue(csv.contains(ada.username()), csv);
    }

    @Test
    void aBadSubmissionShowsItsErrorAndTheRulesStillHold() {
        Account olga = TestAccounts.organizer("olga");
        String slug = competition(olga);
        Account bob = TestAccounts.signUp("bob");
        call(bob, API + "CreateSubmission", "{\"competitionName\":\"" + slug + "\",\"blobFileTokens\":\""
                + uploadSubmission(bob, slug, RIGHT) + "\"}")
                .statusCode(403).contentType(containsString("application/json")).body("code", equalTo(403));
        Account ada = competitor(slug);
        call(ada, API + "CreateSubmission", "{\"competitionName\":\"" + slug + "\",\"blobFileTokens\":\""
                + uploadSubmission(ada, slug, "id,y\n3,0\n") + "\"}").statusCode(200);
        JsonPath submissions = awaitScored(ada, slug);
        assertEquals("ERROR", submissions.getString("submissions[0].status"));
        assertTrue(submissions.getString("submissions[0].errorDescription").contains("4"), submissions.prettify());
        call(ada, API + "ListSubmissions", "{\"competitionName\":\"no-such-competition\",\"page\":-1}").statusCode(404);
    }

    @Test
    void aKernelsOutputIsSubmitted() {
        Account olga = TestAccounts.organizer("olga");
        String slug = competition(olga);
        Account ada = competitor(slug);
        String kernel = "solver-" + TestAccounts.uniqueName("k").substring(2);
        String source = "import pandas as pd\nt = pd.read_csv('/kaggle/input/" + slug + "/test.csv')\n"
                + "t['y'] = (t['x'] > 0.5).astype(int)\nt[['id', 'y']].to_csv('submission.csv', index=False)\n";
        call(ada, KaggleKernelsTest.API + "SaveKernel", KaggleKernelsTest.push(ada, kernel, source, true,
                Map.of("competitionDataSources", List.of(slug)))).statusCode(200);
        KaggleKernelsTest.awaitComplete(ada, kernel);
        call(ada, API + "CreateCodeSubmission", "{\"competitionName\":\"" + slug + "\",\"kernelOwner\":\"" + ada.username()
                + "\",\"kernelSlug\":\"" + kernel + "\",\"kernelVersion\":1,\"fileName\":\"submission.csv\","
                + "\"submissionDescription\":\"from my kernel\"}").statusCode(200).body("message", containsString(slug));
        JsonPath submissions = awaitScored(ada, slug);
        assertEquals("COMPLETE", submissions.getString("submissions[0].status"));
        assertEquals("1.00000", submissions.getString("submissions[0].publicScore"));

        Account bob = competitor(slug);
        call(bob, API + "CreateCodeSubmission", "{\"competitionName\":\"" + slug + "\",\"kernelOwner\":\"" + ada.username()
                + "\",\"kernelSlug\":\"" + kernel + "\",\"kernelVersion\":1,\"fileName\":\"submission.csv\"}")
                .statusCode(400).body("code", equalTo(400));
    }
}
