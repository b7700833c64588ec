package org.kernelforge.kernels;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernelforge.kernels.KernelFixtures.as;

/** Many people watching one run's log cost no thread each, and each of them sees every line. */
@QuarkusTest
class LogWatchersTest {

    private static final int WATCHERS = 150;
    private static final int LINES = 60;
    /** Threads the server may add for the watchers besides its worker pool (bounded by its own setting). */
    private static final int MORE_THREADS_ALLOWED = 20;

    @TestHTTPResource("/")
    URL server;

    @Test
    void oneHundredFiftyWatchersAddNoThreadEachAndAllGetEveryLine() throws Exception {
        Account eve = TestAccounts.signUp("eve");
        int version = KernelFixtures.push(eve, "watched", KernelFixtures.script("""
                import time
                time.sleep(2)
                for i in range(%d):
                    print('line', i, flush=True)
                    time.sleep(0.25)
                """.formatted(LINES)));
        String api = "/api/kernels/" + eve.username() + "/watched/versions/" + version;
        awaitRunning(eve, api);

        int before = threadsBesidesWorkers();
        ExecutorService clientThreads = Executors.newFixedThreadPool(2);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientThreads).build();
        String credentials = Base64.getEncoder().encodeToString((eve.username() + ":" + eve.key()).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.toString().replaceAll("/$", "") + api + "/log"))
                .header("Accept", "text/event-stream").header("Authorization", "Basic " + credentials)
                .timeout(Duration.ofSeconds(120)).build();
        try {
            List<CompletableFuture<HttpResponse<String>>> watchers = new ArrayList<>();
            // people come one after another (all at once, their sign-ins would queue for the database's connections)
            for (int i = 0; i < WATCHERS; i++) {
                watchers.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
                Thread.sleep(40);
            }
            int most = before;
            while (!CompletableFuture.allOf(watchers.toArray(CompletableFuture[]::new)).isDone()) {
                most = Math.max(most, threadsBesidesWorkers());
                Thread.sleep(200);
            }
            assertTrue(most - before <= MORE_THREADS_ALLOWED, WATCHERS + " watchers took " + (most - before) + " threads");

            List<String> expected = IntStream.range(0, LINES).mapToObj(i -> "line " + i).toList();
            for (CompletableFuture<HttpResponse<String>> watcher : watchers) {
                HttpResponse<String> answer = watcher.get(10, TimeUnit.SECONDS);
                assertEquals(200, answer.statusCode(), answer.body());
                assertEquals(expected, lines(answer.body()));
            }
        } finally {
            clientThreads.shutdownNow();
        }
        assertEquals("complete", KernelFixtures.awaitFinished(eve, "watched", version, Duration.ofSeconds(90)).get("status"));
    }

    private static List<String> lines(String events) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> data = new ArrayList<>();
        for (String line : events.split("\n")) {
            if (line.startsWith("data:")) {
                data.add((String) json.readValue(line.substring(5), Map.class).get("data"));
            }
        }
        return data;
    }

    /** Live threads of this JVM (server and test) but the server's worker pool, whose size has a ceiling of its own. */
    private static int threadsBesidesWorkers() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !t.getName().startsWith("executor-thread")).count();
    }

    private static void awaitRunning(Account owner, String api) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            String status = as(owner).get(api).then().statusCode(200).extract().path("status");
            if (status.equals("running")) {
                return;
            }
            assertEquals("queued", status, "the version ended before anyone watched it");
            Thread.sleep(200);
        }
        throw new AssertionError("the version did not start");
    }
}
