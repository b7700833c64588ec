package org.kernelforge.kaggle;

import io.quarkus.test.junit.QuarkusTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.kernelforge.HttpDates.assertLastModified;
import static org.kernelforge.kaggle.KaggleCalls.as;
import static org.kernelforge.kaggle.KaggleCalls.call;
import static org.kernelforge.kaggle.KaggleCalls.pathOf;

/** kaggle kernels push, status, output, pull, list and delete, as the client makes the calls. */
@QuarkusTest
class KaggleKernelsTest {

    static final String API = "kernels.KernelsApiService/";
    private static final String SCRIPT = "print('hello from the kernel')\nopen('answer.csv', 'w').write('id,value\\n1,42\\n')\n";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A push as the client sends it for a kernel-metadata.json with "enable_internet": false (so left out). */
    static String push(Account owner, String slug, String text, boolean isPrivate) {
        return push(owner, slug, text, isPrivate, Map.of());
    }

    static String push(Account owner, String slug, String text, boolean isPrivate, Map<String, Object> more) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("slug", owner.username() + "/" + slug);
        body.put("newTitle", slug);
        body.put("text", text);
        body.put("language", "python");
        body.put("kernelType", "script");
        if (isPrivate) {
            body.put("isPrivate", true);
        }
        body.put("datasetDataSources", List.of());
        body.put("competitionDataSources", List.of());
        body.put("kernelDataSources", List.of());
        body.put("categoryIds", List.of());
        body.putAll(more);
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String kernel(Account owner, String slug) {
        return "{\"userName\":\"" + owner.username() + "\",\"kernelSlug\":\"" + slug + "\"}";
    }

    static void awaitComplete(Account owner, String slug) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            JsonPath status = call(owner, API + "GetKernelSessionStatus", kernel(owner, slug)).statusCode(200).extract().jsonPath();
            if ("COMPLETE".equals(status.getString("status"))) {
                return;
            }
            if ("ERROR".equals(status.getString("status"))) {
                fail("The kernel failed: " + status.getString("failureMessage"));
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(e);
            }
        }
        fail("The kernel did not complete in time");
    }

    @Test
    void pushStatusOutputAndPullOfAPrivateScript() {
        Account ada = TestAccounts.signUp("ada");
        String slug = "hello-" + TestAccounts.uniqueName("k").substring(2);
        call(ada, API + "SaveKernel", push(ada, slug, SCRIPT, true)).statusCode(200)
                .body("versionNumber", equalTo(1)).body("ref", equalTo(ada.username() + "/" + slug))
                .body("url", containsString("/kernels/" + ada.username() + "/" + slug)).body("error", nullValue());
        awaitComplete(ada, slug);

        JsonPath output = call(ada, API + "ListKernelSessionOutput", kernel(ada, slug).replace("}", ",\"pageSize\":20}"))
                .statusCode(200).body("nextPageToken", nullValue()).extract().jsonPath();
        assertEquals(List.of("answer.csv"), output.getList("files.fileName"));
        String url = output.getString("files[0].url");
        assertTrue(url.startsWith(KaggleEnvelopeTest.publicUrl() + "/"), url);
        assertTrue(output.getString("log").contains("\"stream_name\":\"stdout\""), output.getString("log"));
        assertTrue(output.getString("log").contains("hello from the kernel"), output.getString("log"));
        ExtractableResponse<Response> answer = as(null).get(pathOf(url)).then().statusCode(200)
                .header("Content-Length", "14").extract();
        assertEquals("id,value\n1,42\n", answer.asString());
        Instant finished = Instant.parse(as(ada).get("/api/kernels/" + ada.username() + "/" + slug + "/versions/1").then()
                .statusCode(200).extract().path("finishedAt"));
        assertLastModified(finished, answer.header("Last-Modified"));
        as(null).get(pathOf(url).replaceAll("signature=[^&]+", "signature=forged")).then().statusCode(403)
                .body("code", equalTo(403));

        String events = as(ada).get("/api/v1/kernels/logs/stream/" + ada.username() + "/" + slug).then().statusCode(200)
                .contentType(containsString("text/event-stream")).extract().asString();
        assertTrue(events.contains("hello from the kernel") && events.strip().matches("(?s).*data: ?END_OF_LOG"), events);
        as(TestAccounts.signUp("bob")).get("/api/v1/kernels/logs/stream/" + ada.username() + "/" + slug).then()
                .statusCode(404).body("code", equalTo(404));

        call(ada, API + "GetKernel", kernel(ada, slug)).statusCode(200)
                .body("blob.source", equalTo(SCRIPT))
                .body("blob.language", equalTo("python")).body("blob.kernelType", equalTo("script"))
                .body("blob.slug", equalTo(slug))
                .body("metadata.ref", equalTo(ada.username() + "/" + slug)).body("metadata.isPrivate", equalTo(true))
                .body("metadata.enableInternet", equalTo(false));
    }

    @Test
    void pullTakesAPastVersionFromTheSlug() {
        Account ada = TestAccounts.signUp("ada");
        String slug = "versions-" + TestAccounts.uniqueName("k").substring(2);
        call(ada, API + "SaveKernel", push(ada, slug, "print(1)\n", false)).statusCode(200).body("versionNumber", equalTo(1));
        call(ada, API + "SaveKernel", push(ada, slug, "print(2)\n", false)).statusCode(200).body("versionNumber", equalTo(2));
        call(ada, API + "GetKernel", kernel(ada, slug)).body("blob.source", equalTo("print(2)\n"));
        call(ada, API + "GetKernel", kernel(ada, slug + "/1")).body("blob.source", equalTo("print(1)\n"));
        call(ada, API + "GetKernel", kernel(ada, slug).replace("}", ",\"versionLabel\":\"v1\"}")).body("blob.source", equalTo("print(1)\n"));
        call(ada, API + "GetKernel", kernel(ada, slug + "/7")).statusCode(404).body("code", equalTo(404));
    }

    @Test
    void aNotebookIsPushedAsItsJsonText() {
        Account ada = TestAccounts.signUp("ada");
        String slug = "book-" + TestAccounts.uniqueName("k").substring(2);
        String notebook = "{\"cells\": [{\"cell_type\": \"code\", \"source\": \"print(6 * 7)\", \"metadata\": {}, "
                + "\"outputs\": [], \"execution_count\": null}], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}";
        call(ada, API + "SaveKernel", push(ada, slug, notebook, false, Map.of("kernelType", "notebook")))
                .statusCode(200).body("versionNumber", equalTo(1));
        call(ada, API + "GetKernel", kernel(ada, slug)).statusCode(200)
                .body("blob.kernelType", equalTo("notebook")).body("blob.source", containsString("print(6 * 7)"));
    }

    @Test
    void settingsTheDeploymentLacksAreRefusedWithTheReason() {
        Account ada = TestAccounts.signUp("ada");
        String slug = "online-" + TestAccounts.uniqueName("k").substring(2);
        // the client sends enableInternet: true unless kernel-metadata.json says false
        call(ada, API + "SaveKernel", push(ada, slug, "print(1)", false, Map.of("enableInternet", true)))
                .statusCode(400).contentType(containsString("application/json"))
                .body("code", equalTo(400)).body("message", containsString("internet"));
        call(ada, API + "SaveKernel", push(ada, slug, "print(1)", false, Map.of("enableTpu", true)))
                .statusCode(400).body("message", containsString("enable_tpu"));
        call(ada, API + "SaveKernel", push(ada, slug, "print(1)", false, Map.of("language", "rmarkdown")))
                .statusCode(400).body("code", equalTo(400)).body("message", containsString("'python' or 'r'"));
        call(ada, API + "SaveKernel", push(ada, slug, "print(1)", false, Map.of("slug", slug)))
                .statusCode(400).body("message", containsString("owner/slug"));
    }

    @Test
    void aPrivateKernelAndItsOutputAreNotFoundForAnotherUser() {
        Account ada = TestAccounts.signUp("ada");
        Account bob = TestAccounts.signUp("bob");
        String slug = "private-" + TestAccounts.uniqueName("k").substring(2);
        call(ada, API + "SaveKernel", push(ada, slug, "print(1)\n", true)).statusCode(200);
        for (String method : List.of("GetKernel", "GetKernelSessionStatus", "ListKernelSessionOutput", "DeleteKernel")) {
            call(bob, API + method, kernel(ada, slug)).statusCode(404).contentType(containsString("application/json"))
                    .body("code", equalTo(404));
            call(null, API + method, kernel(ada, slug)).statusCode(404);
        }
        call(bob, API + "ListKernels", "{\"group\":\"EVERYONE\",\"search\":\"" + slug + "\",\"user\":\"\",\"language\":\"all\","
                + "\"kernelType\":\"all\",\"outputType\":\"all\",\"dataset\":\"\",\"competition\":\"\",\"parentKernel\":\"\",\"page\":1,\"pageSize\":20}")
                .statusCode(200).body("kernels.ref", not(hasItem(ada.username() + "/" + slug)));
        call(ada, API + "ListKernels", "{\"group\":\"PROFILE\",\"user\":\"\",\"language\":\"all\",\"page\":1,\"pageSize\":20}")
                .statusCode(200).body("kernels.ref", hasItem(ada.username() + "/" + slug));
    }

    @Test
    void deleteRemovesTheKernel() {
        Account ada = TestAccounts.signUp("ada");
        String slug = "gone-" + TestAccounts.uniqueName("k").substring(2);
        // long enough to be still running when the first delete arrives, on a warm container and an idle machine
        call(ada, API + "SaveKernel", push(ada, slug, "import time\ntime.sleep(4)\nprint(1)\n", false)).statusCode(200);
        call(ada, API + "DeleteKernel", kernel(ada, slug)).statusCode(409).body("message", containsString("running"));
        awaitComplete(ada, slug);
        call(ada, API + "DeleteKernel", kernel(ada, slug)).statusCode(200);
        call(ada, API + "GetKernel", kernel(ada, slug)).statusCode(404);
    }
}
