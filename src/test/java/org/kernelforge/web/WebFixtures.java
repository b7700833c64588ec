package org.kernelforge.web;

import io.restassured.http.ContentType;
import org.kernelforge.TestAccounts.Account;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Test data made through the public API, as another client would. */
final class WebFixtures {

    static final String IRIS = "sepal_length,sepal_width,species\n5.1,3.5,setosa\n4.9,3.0,setosa\n6.3,3.3,virginica\n";

    private WebFixtures() {
    }

    static void dataset(Account owner, String slug, boolean isPrivate) {
        String metadata = "{\"title\":\"Data " + slug + "\",\"id\":\"" + owner.username() + "/" + slug + "\",\"isPrivate\":" + isPrivate + "}";
        owner.given().multiPart("metadata", metadata, "application/json")
                .multiPart("file", "train.csv", IRIS.getBytes(), "text/csv")
                .post("/api/datasets").then().statusCode(201);
    }

    static void script(Account owner, String slug, boolean isPrivate, String mode) {
        owner.given().contentType(ContentType.JSON)
                .body(Map.of("title", "Kernel " + slug, "kernel_type", "script", "source", "print('hello')",
                        "is_private", isPrivate, "mode", mode, "dataset_sources", List.of()))
                .post("/api/kernels/" + owner.username() + "/" + slug + "/versions").then().statusCode(202);
    }

    /** Waits until the version has run and fails, with its log, unless it is complete. */
    static void awaitComplete(Account owner, String slug, int version) {
        String url = "/api/kernels/" + owner.username() + "/" + slug + "/versions/" + version;
        Instant deadline = Instant.now().plus(BrowserTestBase.RUN);
        while (Instant.now().isBefore(deadline)) {
            String status = owner.given().get(url).then().statusCode(200).extract().path("status");
            if (!status.equals("queued") && !status.equals("running")) {
                assertEquals("complete", status, () -> owner.given().get(url + "/log").asString());
                return;
            }
            pause();
        }
        fail(slug + " version " + version + " did not finish within " + BrowserTestBase.RUN);
    }

    /** Between two looks at something the server does in the background. */
    static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Path csvFile(String name, String content) {
        try {
            Path dir = Files.createTempDirectory("kf-upload-");
            return Files.writeString(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
