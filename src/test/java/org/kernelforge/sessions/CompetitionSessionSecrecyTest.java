package org.kernelforge.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A competitor's interactive session on a kernel that uses a code competition's data sees the public data with its
 * small public test, and nothing of the hidden data: not its content, not its extra files, at no path.
 */
@QuarkusTest
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CompetitionSessionSecrecyTest extends SessionsTestBase {

    private static final String PUBLIC_TEST = "PassengerId,Hint,Note\n101,0,public-note\n102,0,public-note\n";

    @Test
    void aSessionOnACodeCompetitionsDataNeverSeesTheHiddenData() throws Exception {
        String canary = "CANARY" + UUID.randomUUID().toString().replace("-", "");
        Account organizer = TestAccounts.organizer("org");
        String slug = codeCompetition(organizer, canary);
        Account competitor = user("sesspeek");
        competitor.given().post("/api/competitions/" + slug + "/join").then().statusCode(200);
        String kernel = TestAccounts.uniqueName("peek").toLowerCase();
        Map<String, Object> push = new HashMap<>();
        push.put("title", "Peek " + kernel);
        push.put("kernel_type", "notebook");
        push.put("language", "python");
        push.put("mode", "quick");
        push.put("competition_sources", List.of(slug));
        push.put("source", Map.of("nbformat", 4, "nbformat_minor", 5, "metadata", Map.of(), "cells", List.of()));
        competitor.given().contentType(ContentType.JSON).body(push)
                .post("/api/kernels/" + competitor.username() + "/" + kernel + "/versions").then().statusCode(202);

        String id = start(competitor, competitor.username() + "/" + kernel);
        try (JupyterClient client = openWithToken(competitor, id)) {
            // the marker is split in the source so that the cell itself is no hit
            String cell = "import os\n"
                    + "marker = '" + canary.substring(0, 6) + "' + '" + canary.substring(6) + "'\n"
                    + "found, read = [], []\n"
                    + "for top in ['/kaggle', '/input', '/working', '/tmp', '/var', '/srv', '/opt', '/home', '/mnt', '/data', '/root']:\n"
                    + "    for root, dirs, files in os.walk(top):\n"
                    + "        for name in files:\n"
                    + "            p = os.path.join(root, name)\n"
                    + "            try:\n"
                    + "                text = open(p, errors='ignore').read(2000000)\n"
                    + "            except Exception:\n"
                    + "                continue\n"
                    + "            if p.startswith('/kaggle/input') or p.startswith('/input'): read.append(p)\n"
                    + "            if marker in text: found.append(p)\n"
                    + "d = '/kaggle/input/" + slug + "/'\n"
                    + "print('LISTED', sorted(os.listdir(d)))\n"
                    + "print('READ', len(read))\n"
                    + "print('TEST', open(d + 'test.csv').read().replace(chr(10), '|'))\n"
                    + "print('HIDDEN PATHS', [p for p in [d + 'extra_hidden.csv', '/input/" + slug + "/extra_hidden.csv', "
                    + "d + 'hidden-data.zip', '/kaggle/input/" + slug + "-hidden', '/kaggle/hidden'] if os.path.exists(p)])\n"
                    + "print('FOUND', found)\n";
            String out = output(client, cell);
            assertTrue(out.contains("LISTED ['test.csv', 'train.csv']"), out);
            assertTrue(out.contains("TEST " + PUBLIC_TEST.replace("\n", "|")), "the session reads the small public test: " + out);
            assertTrue(out.contains("HIDDEN PATHS []"), out);
            assertTrue(out.contains("FOUND []"), out);
            assertFalse(out.contains("READ 0"), "the walk read the inputs: " + out);
            assertFalse(out.contains(canary), out);
        }
    }

    /** All the text a cell printed. */
    private static String output(JupyterClient client, String code) {
        List<JsonNode> replies = client.replies(client.execute(code), Duration.ofMinutes(2));
        return replies.stream().filter(m -> m.path("header").path("msg_type").asText().equals("stream")
                        || m.path("header").path("msg_type").asText().equals("error"))
                .map(m -> m.path("content").path("text").asText() + m.path("content").path("evalue").asText())
                .collect(Collectors.joining());
    }

    /** An open code competition whose hidden data replaces test.csv and adds extra_hidden.csv, both with the canary. */
    private static String codeCompetition(Account organizer, String canary) throws IOException {
        String data = TestAccounts.uniqueName("sessdata").toLowerCase();
        organizer.given().multiPart("metadata", "{\"title\":\"Session data " + data + "\",\"id\":\""
                        + organizer.username() + "/" + data + "\",\"isPrivate\":false}", "application/json")
                .multiPart("file", "test.csv", PUBLIC_TEST.getBytes(), "text/csv")
                .multiPart("file", "train.csv", "PassengerId,Survived\n1,0\n".getBytes(), "text/csv")
                .post("/api/datasets").then().statusCode(201);
        String slug = TestAccounts.uniqueName("sesscomp").toLowerCase();
        Map<String, Object> settings = new HashMap<>();
        settings.put("slug", slug);
        settings.put("title", "Session secrecy " + slug);
        settings.put("startTime", Instant.now().minusSeconds(60).toString());
        settings.put("endTime", Instant.now().plus(Duration.ofDays(1)).toString());
        settings.put("dataset", organizer.username() + "/" + data + "/1");
        settings.put("metric", "accuracy");
        settings.put("idColumn", "PassengerId");
        settings.put("targetColumns", List.of("Survived"));
        settings.put("kind", "code");
        organizer.given().contentType(ContentType.JSON).body(settings).post("/api/competitions").then().statusCode(201);
        organizer.given().contentType("text/csv").body("PassengerId,Survived,Usage\n101,0,Public\n102,1,Private\n")
                .put("/api/competitions/" + slug + "/solution").then().statusCode(204);
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("test.csv"));
            out.write(("PassengerId,Hint,Note\n101,0," + canary + "\n102,1," + canary + "\n").getBytes());
            out.putNextEntry(new ZipEntry("extra_hidden.csv"));
            out.write(("secret\n" + canary + "\n").getBytes());
        }
        organizer.given().contentType("application/zip").body(zip.toByteArray())
                .put("/api/competitions/" + slug + "/hidden-data").then().statusCode(204);
        organizer.given().get("/api/competitions/" + slug).then().statusCode(200)
                .body("scoringReady", org.hamcrest.Matchers.equalTo(true));
        return slug;
    }
}
