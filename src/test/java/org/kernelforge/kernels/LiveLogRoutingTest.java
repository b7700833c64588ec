package org.kernelforge.kernels;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;
import org.kernelforge.platform.Installation;
import org.kernelforge.platform.ReplicaForwarding;
import org.kernelforge.platform.StandInReplica;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live log of a version another replica runs, when its log file is not readable here, is asked of that replica:
 * another replica is a {@code server_replicas} row whose URL is a stand-in HTTP server, and a version is recorded
 * running there ({@code claimed_by}). Only callers who may see the kernel are forwarded.
 */
@QuarkusTest
class LiveLogRoutingTest {

    @Inject
    LogBook book;
    @Inject
    Installation installation;

    private StandInReplica other;
    private String otherId;

    @BeforeEach
    void anotherReplica() throws Exception {
        other = StandInReplica.answering("[{\"stream_name\":\"stdout\",\"time\":0.5,\"data\":\"from the other replica\"}]",
                Duration.ofSeconds(1));
        otherId = other.id();
    }

    @AfterEach
    void stopOther() throws InterruptedException {
        QuarkusTransaction.requiringNew().run(() ->
                KernelVersion.update("status = ?1, claimedBy = null where claimedBy = ?2", VersionStatus.COMPLETE, otherId));
        other.close();
    }

    @Test
    void aLiveLogOnAnotherReplicaIsAskedOfItForThoseWhoMaySeeIt() throws Exception {
        Account alice = TestAccounts.signUp("logs");
        Account bob = TestAccounts.signUp("logs");
        alice.given().contentType(ContentType.JSON)
                .body(Map.of("title", "Far", "kernel_type", "script", "language", "python", "mode", "quick", "is_private", true,
                        "source", "print(1)"))
                .post("/api/kernels/" + alice.username() + "/far-away/versions").then().log().ifValidationFails().statusCode(202);
        String version = "/api/kernels/" + alice.username() + "/far-away/versions/1";
        long versionId = QuarkusTransaction.requiringNew().call(() -> {
            KernelVersion v = KernelVersion.<KernelVersion>find("kernel.slug = ?1 and number = 1", "far-away").singleResult();
            v.status = VersionStatus.RUNNING;
            v.claimedBy = otherId;
            return v.id;
        });

        alice.given().get(version + "/log").then().statusCode(200).body("data", equalTo(List.of("from the other replica")));
        alice.given().get("/kernels/" + alice.username() + "/far-away/versions/1/log-lines").then().statusCode(200);
        alice.given().get("/api/v1/kernels/logs/stream/" + alice.username() + "/far-away").then().statusCode(200);
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(
                (alice.username() + ":" + alice.key()).getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(version + "/log " + basic,
                "/kernels/" + alice.username() + "/far-away/versions/1/log-lines " + basic,
                "/api/v1/kernels/logs/stream/" + alice.username() + "/far-away " + basic),
                other.received().stream().map(r -> r.path() + " " + r.authorization()).toList());

        // a private kernel's log: 404 here for anyone else, never forwarded
        bob.given().get(version + "/log").then().statusCode(404);
        given().get(version + "/log").then().statusCode(404);
        bob.given().get("/api/v1/kernels/logs/stream/" + alice.username() + "/far-away").then().statusCode(404);
        assertEquals(3, other.received().size(), "only the owner's requests were forwarded: " + other.received());

        // a log file this replica can read is read here
        Files.createDirectories(book.file(versionId).getParent());
        Files.writeString(book.file(versionId), "{\"stream_name\":\"stdout\",\"time\":0.1,\"data\":\"read here\"}\n");
        try {
            alice.given().get(version + "/log").then().statusCode(200).body("data", equalTo(List.of("read here")));
            assertEquals(3, other.received().size(), "a readable log is not forwarded: " + other.received());
        } finally {
            Files.deleteIfExists(book.file(versionId));
        }
    }

    @Test
    void aPageStreamOpenedWhileQueuedEndsWhenTheRunStartsOnAnotherReplicaSoThePageAsksAgain() throws Exception {
        Account carol = TestAccounts.signUp("logs");
        String slug = "near-" + UUID.randomUUID().toString().substring(0, 8);
        long third = queuedAtHerLimit(carol, slug);
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(
                (carol.username() + ":" + carol.key()).getBytes(StandardCharsets.UTF_8));
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + RestAssured.port;
        CompletableFuture<HttpResponse<String>> page = http.sendAsync(HttpRequest.newBuilder(
                        URI.create(base + "/kernels/" + carol.username() + "/" + slug + "/versions/3/log-lines"))
                .header("Authorization", basic).header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpResponse<String>> api = http.sendAsync(HttpRequest.newBuilder(
                        URI.create(base + "/api/kernels/" + carol.username() + "/" + slug + "/versions/3/log"))
                .header("Authorization", basic).header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(1500);
        assertFalse(page.isDone(), "the page's stream of a queued version stays open");

        QuarkusTransaction.requiringNew().run(() -> KernelVersion.update("status = ?1, claimedBy = ?2 where id = ?3",
                VersionStatus.RUNNING, otherId, third));
        HttpResponse<String> ended = page.get(10, TimeUnit.SECONDS);
        assertEquals(200, ended.statusCode());
        assertFalse(ended.body().contains("data:"), "nothing of the run was sent from here: " + ended.body());
        Thread.sleep(1000);
        assertFalse(api.isDone(), "the API's stream keeps its meaning: it ends when the run ends");
        QuarkusTransaction.requiringNew().run(() -> KernelVersion.update("status = ?1 where id = ?2", VersionStatus.COMPLETE, third));
        assertEquals(200, api.get(10, TimeUnit.SECONDS).statusCode());
    }

    @Test
    void anApiStreamOpenedWhileQueuedGoesOnLiveWithTheStreamOfTheReplicaThatRunsIt() throws Exception {
        Account carol = TestAccounts.signUp("logs");
        String slug = "relay-" + UUID.randomUUID().toString().substring(0, 8);
        long third = queuedAtHerLimit(carol, slug);
        String path = "/api/kernels/" + carol.username() + "/" + slug + "/versions/3/log";
        // the runner's stream: the first attempt breaks off after two lines; any later one sends the log from its first
        // line, a third line after those, and holds on until the test lets it end
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch end = new java.util.concurrent.CountDownLatch(1);
        StandInReplica runner = StandInReplica.serving(exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            int attempt = attempts.incrementAndGet();
            try (var body = exchange.getResponseBody()) {
                for (int i = 0; i < (attempt == 1 ? 2 : 3); i++) {
                    body.write(("data:" + entry(i) + "\n\n").getBytes(StandardCharsets.UTF_8));
                    body.flush();
                }
                if (attempt > 1) {
                    end.await(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, Duration.ofSeconds(1));
        try {
            String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(
                    (carol.username() + ":" + carol.key()).getBytes(StandardCharsets.UTF_8));
            String base = "http://127.0.0.1:" + RestAssured.port;
            EventLines api = EventLines.open(base + path, basic);
            EventLines kaggle = EventLines.open(base + "/api/v1/kernels/logs/stream/" + carol.username() + "/" + slug, basic);
            // a request another replica forwarded here is served here only, never sent further
            EventLines forwarded = EventLines.open(base + path, basic, ReplicaForwarding.FORWARDED_BY, "elsewhere");
            Thread.sleep(1000);
            assertEquals(List.of(), api.sofar(), "nothing while it is queued");

            QuarkusTransaction.requiringNew().run(() -> KernelVersion.update("status = ?1, claimedBy = ?2 where id = ?3",
                    VersionStatus.RUNNING, runner.id(), third));
            List<String> live = List.of(entry(0), entry(1), entry(2));
            assertEquals(live, api.await(3, Duration.ofSeconds(20)), "the runner's lines, live, none twice");
            assertEquals(live, kaggle.await(3, Duration.ofSeconds(20)), "the same for kaggle kernels logs --follow");
            assertFalse(api.ended(), "the run goes on");
            assertEquals(List.of(), forwarded.sofar(), "a forwarded stream does not follow the runner");
            assertTrue(attempts.get() >= 3, "the stream that broke off was followed again: " + attempts.get());
            for (StandInReplica.Received r : runner.received()) {
                assertEquals(List.of(path, basic, installation.id()), List.of(r.path(), r.authorization(), r.forwardedBy()),
                        "asked of the runner by number, as carol, marked forwarded");
            }

            // the run ends (its stored log has one more line than the runner streamed): the rest, then the end
            String stored = String.join("\n", entry(0), entry(1), entry(2), entry(3)) + "\n";
            QuarkusTransaction.requiringNew().run(() -> KernelVersion.update("status = ?1, logText = ?2 where id = ?3",
                    VersionStatus.COMPLETE, stored, third));
            List<String> all = List.of(entry(0), entry(1), entry(2), entry(3));
            assertEquals(all, api.awaitEnd(Duration.ofSeconds(20)));
            List<String> kaggleAll = new java.util.ArrayList<>(all);
            kaggleAll.add("END_OF_LOG");
            assertEquals(kaggleAll, kaggle.awaitEnd(Duration.ofSeconds(20)));
            assertEquals(all, forwarded.awaitEnd(Duration.ofSeconds(20)), "the stored log once the run has ended");
        } finally {
            end.countDown();
            QuarkusTransaction.requiringNew().run(() -> KernelVersion.update("status = ?1, claimedBy = null where id = ?2",
                    VersionStatus.COMPLETE, third));
            runner.close();
        }
    }

    private static String entry(int i) {
        return "{\"stream_name\":\"stdout\",\"time\":" + i + ".5,\"data\":\"line " + i + "\"}";
    }

    /**
     * Version 3 of a new private kernel of the user, queued: versions 1 and 2 are recorded running on the other replica,
     * so the user is at the limit of running versions. Its id.
     */
    private long queuedAtHerLimit(Account carol, String slug) throws InterruptedException {
        for (int v = 1; v <= 3; v++) {
            if (v == 3) {
                // versions 1 and 2 recorded running on the other replica: carol is at her limit, so 3 stays queued here
                int marked = QuarkusTransaction.requiringNew().call(() -> KernelVersion.update(
                        "status = ?1, claimedBy = ?2 where kernel.id = (select k.id from Kernel k where k.slug = ?3)",
                        VersionStatus.RUNNING, otherId, slug));
                assertEquals(2, marked);
            }
            carol.given().contentType(ContentType.JSON)
                    .body(Map.of("title", slug, "kernel_type", "script", "language", "python",
                            "mode", v < 3 ? "quick" : "run", "is_private", true, "source", "print(" + v + ")"))
                    .post("/api/kernels/" + carol.username() + "/" + slug + "/versions").then().log().ifValidationFails().statusCode(202);
            if (v < 3) {
                KernelFixtures.awaitFinished(carol, slug, v, Duration.ofMinutes(2));
            }
        }
        long third = QuarkusTransaction.requiringNew().call(() ->
                KernelVersion.<KernelVersion>find("kernel.slug = ?1 and number = 3", slug).singleResult().id);
        Thread.sleep(3000); // the queue's next look
        assertEquals("queued", carol.given().get("/api/kernels/" + carol.username() + "/" + slug + "/versions/3")
                .then().statusCode(200).extract().path("status"), "carol is at her limit of running versions");
        return third;
    }

    /** A Server-Sent Events stream read as it comes: each event's data, and whether it has ended. */
    private static final class EventLines {
        private final java.util.concurrent.LinkedBlockingQueue<String> data = new java.util.concurrent.LinkedBlockingQueue<>();
        private final List<String> taken = new java.util.ArrayList<>();
        private final CompletableFuture<Void> ended = new CompletableFuture<>();

        static EventLines open(String url, String authorization, String... headers) throws Exception {
            EventLines lines = new EventLines();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization)
                    .header("Accept", "text/event-stream");
            if (headers.length > 0) {
                request.headers(headers);
            }
            HttpResponse<java.util.stream.Stream<String>> response = HttpClient.newHttpClient().sendAsync(request.build(),
                    HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode());
            Thread reader = new Thread(() -> {
                try {
                    response.body().filter(l -> l.startsWith("data:")).forEach(l -> lines.data.add(l.substring(5)));
                } finally {
                    lines.ended.complete(null);
                }
            });
            reader.setDaemon(true);
            reader.start();
            return lines;
        }

        List<String> sofar() {
            data.drainTo(taken);
            return List.copyOf(taken);
        }

        List<String> await(int count, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (sofar().size() < count && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            return sofar();
        }

        boolean ended() {
            return ended.isDone();
        }

        List<String> awaitEnd(Duration within) throws Exception {
            ended.get(within.toSeconds(), TimeUnit.SECONDS);
            return sofar();
        }
    }
}
