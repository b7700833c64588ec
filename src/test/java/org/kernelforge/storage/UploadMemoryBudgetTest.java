package org.kernelforge.storage;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.net.URI;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Uploads at once share one budget of part memory: none holds more, and one that finds none is told to come back. */
@QuarkusTest
@TestProfile(UploadMemoryBudgetTest.TwoParts.class)
class UploadMemoryBudgetTest {

    public static class TwoParts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kernelforge.storage.upload-buffer-bytes", "32M", "kernelforge.storage.upload-buffer-wait", "PT2S");
        }
    }

    private static final int UPLOADS = 50;
    /** Larger than what is sent without a part buffer, so each upload needs one. */
    private static final int SIZE = 200 * 1024;

    @Inject
    PartBuffers budget;

    @Test
    void fiftyUploadsAtOnceAreAllStoredAndNeverHoldMoreThanTheBudget() throws Exception {
        assertEquals(2, budget.parts());
        Account alice = TestAccounts.signUp("budget");
        AtomicInteger toldToRetry = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(UPLOADS);
        try {
            List<Future<?>> uploads = new ArrayList<>();
            for (int i = 0; i < UPLOADS; i++) {
                byte[] content = random(i);
                String token = start(alice, content.length);
                uploads.add(clients.submit(() -> {
                    for (int attempt = 0; ; attempt++) {
                        Response answer = given().contentType("application/octet-stream").body(content).put(path(token));
                        if (answer.statusCode() != 503 || attempt == 40) {
                            answer.then().statusCode(200).body("sha256", equalTo(sha256(content)));
                            return null;
                        }
                        answer.then().contentType("application/problem+json").header("Retry-After", equalTo("5"));
                        toldToRetry.incrementAndGet();
                        Thread.sleep(250);
                    }
                }));
            }
            for (Future<?> upload : uploads) {
                upload.get();
            }
        } finally {
            clients.shutdownNow();
        }
        assertTrue(budget.peak() <= 2, "the budget was exceeded: " + budget.peak() + " parts held at once");
        assertEquals(2, budget.peak(), "uploads ran side by side up to the budget");
        assertEquals(0, budget.inUse(), "every part was given back");
        System.out.printf("%d uploads, %d times told to retry%n", UPLOADS, toldToRetry.get());
    }

    @Test
    void anUploadThatFindsNoPartMemoryIsAnswered503WithRetryAfterAndSucceedsLater() throws Exception {
        Account bob = TestAccounts.signUp("budget");
        byte[] content = random(1000);
        String token = start(bob, content.length);
        budget.first();
        budget.first();
        try {
            given().contentType("application/octet-stream").body(content).put(path(token))
                    .then().statusCode(503).contentType("application/problem+json").header("Retry-After", equalTo("5"))
                    .body("detail", containsString("as many uploads as its memory allows"));
        } finally {
            budget.release(2);
        }
        given().contentType("application/octet-stream").body(content).put(path(token))
                .then().statusCode(200).body("sha256", equalTo(sha256(content)));
        assertEquals(0, budget.inUse());
    }

    private static String start(Account account, long length) {
        String createUrl = account.given().contentType(ContentType.JSON)
                .body(Map.of("type", "DATASET", "name", "part.bin", "contentLength", length, "lastModifiedEpochSeconds", 0))
                .post("/api/blobs/uploads")
                .then().statusCode(201).extract().path("createUrl");
        String path = URI.create(createUrl).getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String path(String token) {
        return "/api/blobs/uploads/" + token;
    }

    private static byte[] random(long seed) {
        byte[] bytes = new byte[SIZE];
        new Random(seed * 7919 + System.nanoTime()).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
