package org.kernelforge.competitions;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.fail;
import static org.kernelforge.competitions.CompetitionFixtures.rows;
import static org.kernelforge.competitions.CompetitionFixtures.sleep;

/**
 * A code competition on ids 101..110 ({@link CompetitionFixtures#SOLUTION}): the public test.csv's Hint column is 0
 * everywhere; the hidden test.csv's Hint is the answer, and its Note column holds a canary no competitor may see.
 */
final class CodeCompetitionFixtures {

    private CodeCompetitionFixtures() {
    }

    static final String PUBLIC_TEST = "PassengerId,Hint,Note\n" + rows(i -> i + ",0,public");

    static String hiddenTest(String canary) {
        return "PassengerId,Hint,Note\n" + rows(i -> i + "," + (i % 2 == 0 ? 1 : 0) + "," + canary);
    }

    static String canary() {
        return "CANARY" + UUID.randomUUID().toString().replace("-", "");
    }

    /** A script that predicts Survived = Hint for every row of the competition's test.csv. */
    static String hintReader(String slug) {
        return "import csv\n"
                + "rows = list(csv.DictReader(open('/kaggle/input/" + slug + "/test.csv')))\n"
                + "print('NOTE', rows[0]['Note'])\n"
                + "with open('/kaggle/working/submission.csv', 'w') as f:\n"
                + "    f.write('PassengerId,Survived\\n')\n"
                + "    for r in rows:\n"
                + "        f.write(r['PassengerId'] + ',' + r['Hint'] + '\\n')\n";
    }

    /** A code competition open now with the solution and the hidden test (holding {@code canary}). */
    static String ready(Account organizer, String canary, Map<String, Object> extra) {
        String dataSlug = TestAccounts.uniqueName("codedata").toLowerCase();
        organizer.given().multiPart("metadata", "{\"title\":\"Code data " + dataSlug + "\",\"id\":\""
                        + organizer.username() + "/" + dataSlug + "\",\"isPrivate\":false}", "application/json")
                .multiPart("file", "test.csv", PUBLIC_TEST.getBytes(), "text/csv")
                .multiPart("file", "train.csv", CompetitionFixtures.TRAIN_CSV.getBytes(), "text/csv")
                .post("/api/datasets").then().statusCode(201);
        String slug = CompetitionFixtures.slug();
        Map<String, Object> settings = new HashMap<>(CompetitionFixtures.settings(slug,
                organizer.username() + "/" + dataSlug + "/1"));
        settings.put("kind", "code");
        settings.put("codeRun", Map.of("timeoutSeconds", 60, "memory", "512M", "gpu", false));
        settings.putAll(extra);
        CompetitionFixtures.create(organizer, settings);
        CompetitionFixtures.putSolution(organizer, slug, CompetitionFixtures.SOLUTION);
        putHiddenData(organizer, slug, Map.of("test.csv", hiddenTest(canary))).then().statusCode(204);
        return slug;
    }

    static io.restassured.response.Response putHiddenData(Account organizer, String slug, Map<String, String> files) {
        return organizer.given().contentType("application/zip").body(zip(files))
                .put("/api/competitions/" + slug + "/hidden-data");
    }

    static byte[] zip(Map<String, String> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue().getBytes());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Pushes a script that mounts the competition; {@code run} false: a quick save that does not run. */
    static String kernel(Account owner, String slug, String source, boolean run) {
        String kernel = TestAccounts.uniqueName("sub").toLowerCase();
        Map<String, Object> push = new HashMap<>();
        push.put("title", "Kernel " + kernel);
        push.put("kernel_type", "script");
        push.put("source", source);
        push.put("competition_sources", List.of(slug));
        push.put("mode", run ? "run" : "quick");
        owner.given().contentType(ContentType.JSON).body(push)
                .post("/api/kernels/" + owner.username() + "/" + kernel + "/versions").then().statusCode(202);
        return kernel;
    }

    static io.restassured.response.Response submitVersion(Account competitor, String slug, String kernelRef, int version) {
        return competitor.given().contentType(ContentType.JSON)
                .body(Map.of("kernel", kernelRef, "version", version, "description", "rerun me"))
                .post("/api/competitions/" + slug + "/submissions");
    }

    static long submitted(Account competitor, String slug, String kernelRef) {
        return ((Number) submitVersion(competitor, slug, kernelRef, 1).then().statusCode(202).extract().path("id"))
                .longValue();
    }

    /** Waits until the code submission is complete or error; answers it as its competitor sees it. */
    static Map<String, Object> awaitFinal(Account competitor, String slug, long id, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            String body = competitor.given().get("/api/competitions/" + slug + "/submissions/" + id)
                    .then().statusCode(200).extract().asString();
            Map<String, Object> s = JsonPath.from(body).using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE))
                    .getMap("submission");
            if ("complete".equals(s.get("status")) || "error".equals(s.get("status"))) {
                return s;
            }
            sleep(200);
        }
        fail("code submission " + id + " did not finish within " + timeout);
        return null;
    }
}
