package org.kernelforge.kernels;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.kernelforge.TestAccounts.Account;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.fail;

/** Pushes kernels and waits for their versions through the public API. */
final class KernelFixtures {

    private KernelFixtures() {
    }

    static RequestSpecification as(Account account) {
        return account.given();
    }

    static void dataset(Account owner, String slug, String fileName, String content, boolean isPrivate) {
        String metadata = "{\"title\":\"Data " + slug + "\",\"id\":\"" + owner.username() + "/" + slug + "\",\"isPrivate\":" + isPrivate + "}";
        as(owner).multiPart("metadata", metadata, "application/json")
                .multiPart("file", fileName, content.getBytes(), "text/csv")
                .post("/api/datasets").then().statusCode(201);
    }

    static Map<String, Object> script(String source) {
        Map<String, Object> push = new HashMap<>();
        push.put("title", "A kernel");
        push.put("kernel_type", "script");
        push.put("language", "python");
        push.put("source", source);
        return push;
    }

    static Map<String, Object> notebook(List<Map<String, Object>> cells) {
        Map<String, Object> push = new HashMap<>();
        push.put("title", "A notebook");
        push.put("kernel_type", "notebook");
        push.put("language", "python");
        push.put("source", Map.of("nbformat", 4, "nbformat_minor", 5, "metadata", Map.of(), "cells", cells));
        return push;
    }

    static Map<String, Object> code(String source) {
        return Map.of("cell_type", "code", "source", source, "metadata", Map.of(), "outputs", List.of(), "execution_count", 0);
    }

    static int push(Account owner, String slug, Map<String, Object> push) {
        return as(owner).contentType(ContentType.JSON).body(push)
                .post("/api/kernels/" + owner.username() + "/" + slug + "/versions")
                .then().statusCode(202)
                .extract().path("version");
    }

    /** Polls the version until it has finished; answers its JSON. */
    static Map<String, Object> awaitFinished(Account owner, String slug, int version, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Map<String, Object> v = as(owner).get("/api/kernels/" + owner.username() + "/" + slug + "/versions/" + version)
                    .then().statusCode(200).extract().as(Map.class);
            String status = (String) v.get("status");
            if (status.equals("complete") || status.equals("error") || status.equals("cancelled")) {
                return v;
            }
            sleep(200);
        }
        fail("version " + version + " of " + slug + " did not finish within " + timeout);
        return null;
    }

    static Map<String, Object> awaitStatus(Account owner, String slug, int version, String wanted, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Map<String, Object> v = as(owner).get("/api/kernels/" + owner.username() + "/" + slug + "/versions/" + version)
                    .then().statusCode(200).extract().as(Map.class);
            if (wanted.equals(v.get("status"))) {
                return v;
            }
            sleep(100);
        }
        fail("version " + version + " of " + slug + " never became " + wanted);
        return null;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
