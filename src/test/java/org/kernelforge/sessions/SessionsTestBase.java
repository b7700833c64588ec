package org.kernelforge.sessions;

import com.github.dockerjava.api.DockerClient;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;
import org.kernelforge.platform.Installation;
import org.kernelforge.runs.ContainerSettings;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Sessions through the public API on the real Docker engine. After each test every kernel the test started is shut
 * down, and no session container of this server may be left.
 */
abstract class SessionsTestBase {

    static final Duration ANSWER = Duration.ofSeconds(60);

    @Inject
    DockerClient docker;
    @Inject
    Installation installation;

    private final List<Account> users = new ArrayList<>();

    Account user(String prefix) {
        Account account = TestAccounts.signUp(prefix);
        users.add(account);
        return account;
    }

    /** A request with the API key as Jupyter clients send it. */
    static RequestSpecification jupyter(Account account) {
        return RestAssured.given().header("Authorization", "token " + account.key());
    }

    /** Starts a kernel (201) and answers its id. */
    static String start(Account account, String path) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "python3");
        if (path != null) {
            body.put("path", path);
        }
        return jupyter(account).contentType(ContentType.JSON).body(body).post("/jupyter/api/kernels")
                .then().statusCode(201).extract().path("id");
    }

    static URI channels(String kernelId, String query) {
        return URI.create("ws://localhost:" + RestAssured.port + "/jupyter/api/kernels/" + kernelId + "/channels"
                + (query == null ? "" : "?" + query));
    }

    static String origin() {
        return "http://localhost:" + RestAssured.port;
    }

    static JupyterClient openWithToken(Account account, String kernelId) throws Exception {
        return JupyterClient.open(channels(kernelId, "session_id=test"), Map.of("Authorization", "token " + account.key()));
    }

    static void dataset(Account owner, String slug, String fileName, String content, boolean isPrivate) {
        String metadata = "{\"title\":\"Data " + slug + "\",\"id\":\"" + owner.username() + "/" + slug + "\",\"isPrivate\":" + isPrivate + "}";
        owner.given().multiPart("metadata", metadata, "application/json")
                .multiPart("file", fileName, content.getBytes(), "text/csv")
                .post("/api/datasets").then().statusCode(201);
    }

    /** Saves a notebook kernel without running it (Quick Save). */
    static void kernel(Account owner, String slug, boolean isPrivate, List<String> datasets) {
        Map<String, Object> push = new HashMap<>();
        push.put("title", "A notebook");
        push.put("kernel_type", "notebook");
        push.put("language", "python");
        push.put("mode", "quick");
        push.put("is_private", isPrivate);
        push.put("dataset_sources", datasets);
        push.put("source", Map.of("nbformat", 4, "nbformat_minor", 5, "metadata", Map.of(), "cells", List.of()));
        owner.given().contentType(ContentType.JSON).body(push)
                .post("/api/kernels/" + owner.username() + "/" + slug + "/versions").then().statusCode(202);
    }

    @AfterEach
    void shutDownKernelsAndCheckNoContainerIsLeft() throws InterruptedException {
        for (Account account : users) {
            List<String> ids = jupyter(account).get("/jupyter/api/kernels").then().statusCode(200).extract().path("id");
            ids.forEach(id -> jupyter(account).delete("/jupyter/api/kernels/" + id));
        }
        users.clear();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int left;
        do {
            left = sessionContainers();
            if (left > 0) {
                Thread.sleep(200);
            }
        } while (left > 0 && System.nanoTime() < deadline);
        assertEquals(0, left, "session containers of this server left behind");
    }

    int sessionContainers() {
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(ContainerSettings.SESSION_LABEL,
                Installation.LABEL + "=" + installation.id())).exec().size();
    }
}
