package org.kernelforge.competitions;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's worked example of a code competition on the Titanic seed data, run end to end as
 * deploy/examples/titanic-code.sh has it: the score is the sex rule's accuracy on the public rows of the full hidden
 * test, which the competitor's commit never saw.
 */
@QuarkusTest
class TitanicCodeExampleTest {

    @Test
    void theReadmesTitanicCodeCompetitionRunsEndToEnd(@TempDir Path work) throws Exception {
        Account olga = TestAccounts.organizer("olga");
        Account ada = TestAccounts.signUp("ada");
        String slug = CompetitionFixtures.slug();
        ProcessBuilder script = new ProcessBuilder("bash", "deploy/examples/titanic-code.sh")
                .redirectErrorStream(true).redirectOutput(work.resolve("script.log").toFile());
        Map<String, String> env = script.environment();
        env.put("KF_URL", "http://localhost:" + RestAssured.port);
        env.put("ORGANIZER", olga.username() + ":" + olga.key());
        env.put("COMPETITOR", ada.username() + ":" + ada.key());
        env.put("SLUG", slug);
        env.put("DATA", slug + "-data");
        env.put("WORK", work.resolve("files").toString());
        env.put("WAIT_SECONDS", "300");
        Process run = script.start();
        boolean ended = run.waitFor(10, TimeUnit.MINUTES);
        String log = Files.readString(work.resolve("script.log"));
        if (!ended) {
            run.destroyForcibly();
        }
        assertTrue(ended, "the example did not end: " + log);
        assertEquals(0, run.exitValue(), log);
        assertTrue(log.contains("the commit predicted 20 rows (the public test)"), log);

        long id = ada.given().get("/api/competitions/" + slug + "/submissions").then().statusCode(200)
                .body("status", equalTo(List.of("complete"))).extract().jsonPath().getLong("[0].id");
        float score = ada.given().get("/api/competitions/" + slug + "/submissions/" + id).then().statusCode(200)
                .extract().path("submission.publicScore");
        assertEquals(expectedPublicAccuracy(work.resolve("files")), score, 1e-6, log);
        ada.given().get("/api/competitions/" + slug + "/leaderboard").then().statusCode(200)
                .body("entries.user", equalTo(List.of(ada.username())));
    }

    /**
     * The sex rule the competitor's kernel learns (a sex whose survival rate in train.csv is above one half survives)
     * scored on the public rows of the solution, computed from the files the example wrote: all 409 ids of the
     * hidden test, which a rerun on the 20-row public test could not have predicted.
     */
    private static double expectedPublicAccuracy(Path files) throws IOException {
        Map<String, int[]> bySex = new HashMap<>();
        for (String[] r : csv(files.resolve("public/train.csv"))) {
            int[] counts = bySex.computeIfAbsent(r[1], k -> new int[2]);
            counts[0] += Integer.parseInt(r[4]);
            counts[1]++;
        }
        Map<String, String> sexById = new HashMap<>();
        List<String[]> test = csv(files.resolve("test.csv"));
        assertEquals(409, test.size());
        test.forEach(r -> sexById.put(r[0], r[1]));
        int right = 0;
        int rows = 0;
        for (String[] s : csv(files.resolve("solution.csv"))) {
            if (s[2].equals("Public")) {
                int[] counts = bySex.get(sexById.get(s[0]));
                String predicted = 2 * counts[0] > counts[1] ? "1" : "0";
                right += predicted.equals(s[1]) ? 1 : 0;
                rows++;
            }
        }
        assertEquals(123, rows);
        return (double) right / rows;
    }

    /** The rows of a CSV the example wrote, without its header; no field there has a comma except quoted names. */
    private static List<String[]> csv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)).toList();
    }
}
