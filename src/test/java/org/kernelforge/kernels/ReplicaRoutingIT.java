package org.kernelforge.kernels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Requests landing on the replica that does not have what they ask for: two replicas of the packaged server
 * (PostgreSQL build) on one database, bucket and Docker engine, with data dirs of their own, so neither can read the
 * other's files. A session started through replica a is used through replica b (REST and its WebSocket), listed on
 * b, and 404 to another user on b; the live log of a run on a is read and followed through b while it runs; then a
 * is killed and b says the session ended because its server stopped.
 */
class ReplicaRoutingIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration ANSWER = Duration.ofSeconds(60);

    private final String database = PackagedReplicas.databaseNamed("routing");
    private final List<ServerProcess> started = new ArrayList<>();

    private final List<Path> dataDirs = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (ServerProcess replica : started) {
            replica.stop();
        }
        // the containers of a replica killed with SIGKILL, should the other not have removed them
        for (Path dataDir : dataDirs) {
            Path id = dataDir.resolve("installation-id");
            if (Files.exists(id)) {
                Process list = new ProcessBuilder("docker", "ps", "-aq", "--filter",
                        "label=org.kernelforge.installation=" + Files.readString(id).strip()).start();
                List<String> containers = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
                list.waitFor();
                if (!containers.isEmpty()) {
                    List<String> remove = new ArrayList<>(List.of("docker", "rm", "-f"));
                    remove.addAll(containers);
                    new ProcessBuilder(remove).inheritIO().start().waitFor();
                }
            }
        }
    }

    @Test
    void sessionsAndLiveLogsWorkThroughTheOtherReplica() throws Exception {
        PackagedReplicas.freshDatabase(database);
        Path root = Path.of("target", "routing-it-" + UUID.randomUUID().toString().substring(0, 8));
        ServerProcess a = replica(root.resolve("a"));
        a.start(Duration.ofSeconds(300)); // first, alone: it migrates the new database
        PackagedReplicas.Account alice = PackagedReplicas.signUp(a, "alice");
        PackagedReplicas.Account bob = PackagedReplicas.signUp(a, "bob");

        // on replica a: a session, and a private run that prints a line every half second
        String kernel = alice.as(a).contentType(ContentType.JSON).body(Map.of("name", "python3"))
                .post("/jupyter/api/kernels").then().statusCode(201).extract().path("id");
        alice.as(a).contentType(ContentType.JSON)
                .body(Map.of("kernel_type", "script", "language", "python", "is_private", true, "source",
                        "import time\nfor i in range(600):\n    print('tick', i, flush=True)\n    time.sleep(0.5)\n"))
                .post("/api/kernels/" + alice.name() + "/ticks/versions").then().statusCode(202);
        String version = "/api/kernels/" + alice.name() + "/ticks/versions/1";
        PackagedReplicas.awaitTrue(Duration.ofSeconds(120), "the run started on replica a",
                () -> "running".equals(alice.as(a).get(version).then().extract().path("status")));

        // replica b starts while both go on: everything below goes through b
        ServerProcess b = replica(root.resolve("b"));
        Instant bStarting = Instant.now();
        b.start(Duration.ofSeconds(300));
        System.out.printf("replica b started in %d s%n", Duration.between(bStarting, Instant.now()).toSeconds());

        alice.as(b).get("/jupyter/api/kernels").then().statusCode(200).body("id", equalTo(List.of(kernel)));
        bob.as(b).get("/jupyter/api/kernels").then().statusCode(200).body("id", not(hasItem(kernel)));
        // the model comes from replica a, which knows its state
        alice.as(b).get("/jupyter/api/kernels/" + kernel).then().statusCode(200)
                .body("id", equalTo(kernel)).body("execution_state", equalTo("idle"));
        try (Channels channels = Channels.open(b, kernel, "token " + alice.key())) {
            String request = channels.execute("x = 6 * 7\nprint(x)");
            assertEquals("42\n", channels.awaitStream(request), "printed through replica b");
        }
        alice.as(b).post("/jupyter/api/kernels/" + kernel + "/interrupt").then().statusCode(204);
        alice.as(b).post("/jupyter/api/kernels/" + kernel + "/restart").then().statusCode(200).body("id", equalTo(kernel));
        try (Channels channels = Channels.open(b, kernel, "token " + alice.key())) {
            String request = channels.execute("print('x' in dir())");
            assertEquals("False\n", channels.awaitStream(request), "restarted through replica b");
        }
        bob.as(b).get("/jupyter/api/kernels/" + kernel).then().statusCode(404).contentType("application/problem+json");
        bob.as(b).post("/jupyter/api/kernels/" + kernel + "/interrupt").then().statusCode(404);
        assertEquals(404, Channels.refusal(b, kernel, "token " + bob.key()), "another user's WebSocket on b");

        // the live log of a's run, through b, while it runs: JSON, then the SSE stream growing
        List<String> lines = alice.as(b).get(version + "/log").then().statusCode(200).extract().path("data");
        assertTrue(lines.contains("tick 0"), "the log so far, through b: " + lines);
        assertEquals("running", alice.as(b).get(version).then().extract().path("status"));
        assertTrue(followed(b, version + "/log", "token", alice).size() >= 3 + lines.size(),
                "new lines followed through b");
        bob.as(b).get(version + "/log").then().statusCode(404);
        given().baseUri(b.url()).get(version + "/log").then().statusCode(404);
        alice.as(b).post(version + "/cancel").then().statusCode(202);

        // replica a dies: b says the session ended because its server stopped
        ServerProcess dying = started.remove(0);
        dying.killHard();
        Instant killed = Instant.now();
        PackagedReplicas.awaitTrue(Duration.ofSeconds(60), "b reports the session of the dead replica ended", () ->
                alice.as(b).get("/jupyter/api/kernels/" + kernel).statusCode() == 404);
        System.out.printf("b reported the session ended %d ms after a was killed%n",
                Duration.between(killed, Instant.now()).toMillis());
        alice.as(b).get("/jupyter/api/kernels/" + kernel).then().statusCode(404)
                .body("detail", containsString("the server running this session stopped"));
        alice.as(b).get("/jupyter/api/kernels").then().statusCode(200).body("id", equalTo(List.of()));
        Path sessionsOfA = root.resolve("a").resolve("sessions").toAbsolutePath().normalize();
        PackagedReplicas.awaitTrue(Duration.ofSeconds(30), "b removed the session folder a left (one host), mounts included", () ->
                Files.readAllLines(Path.of("/proc/self/mounts")).stream().map(line -> line.split(" ")[1])
                        .noneMatch(point -> point.startsWith(sessionsOfA + "/"))
                        && !Files.exists(sessionsOfA.resolve(kernel)));
        // its place is free again: a new session starts on b
        String second = alice.as(b).contentType(ContentType.JSON).body(Map.of("name", "python3"))
                .post("/jupyter/api/kernels").then().statusCode(201).extract().path("id");
        alice.as(b).delete("/jupyter/api/kernels/" + second).then().statusCode(204);
    }

    private ServerProcess replica(Path dataDir) throws Exception {
        Map<String, String> env = PackagedReplicas.environment(database, "kernelforge-routing-it");
        ServerProcess replica = new ServerProcess(dataDir, env, PackagedReplicas.JAR);
        env.put("KF_REPLICA_URL", replica.url()); // the env map is read when the process starts
        started.add(replica);
        dataDirs.add(dataDir);
        return replica;
    }

    /** The lines of an SSE log stream read for three seconds. */
    private static List<String> followed(ServerProcess replica, String path, String scheme, PackagedReplicas.Account user) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(replica.url() + path))
                .header("Accept", "text/event-stream").header("Authorization", scheme + " " + user.key()).build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        List<String> data = new ArrayList<>();
        Instant until = Instant.now().plusSeconds(3);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line; Instant.now().isBefore(until) && (line = reader.readLine()) != null; ) {
                if (line.startsWith("data:")) {
                    data.add(line);
                }
            }
        }
        return data;
    }

    /** A kernel's channels WebSocket at the wire level: Jupyter messages as JSON text frames. */
    private static final class Channels implements WebSocket.Listener, AutoCloseable {
        private final LinkedBlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private final String session = UUID.randomUUID().toString();
        private WebSocket socket;

        static Channels open(ServerProcess replica, String kernel, String authorization) throws Exception {
            Channels channels = new Channels();
            channels.socket = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", authorization)
                    .buildAsync(uri(replica, kernel), channels).get(20, TimeUnit.SECONDS);
            return channels;
        }

        static int refusal(ServerProcess replica, String kernel, String authorization) throws Exception {
            try {
                open(replica, kernel, authorization).close();
                fail("the WebSocket was opened");
                return 101;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof WebSocketHandshakeException refused) {
                    return refused.getResponse().statusCode();
                }
                throw e;
            }
        }

        private static URI uri(ServerProcess replica, String kernel) {
            return URI.create(replica.url().replace("http://", "ws://") + "/jupyter/api/kernels/" + kernel
                    + "/channels?session_id=it");
        }

        String execute(String code) {
            String id = UUID.randomUUID().toString();
            Map<String, Object> message = Map.of("channel", "shell",
                    "header", Map.of("msg_id", id, "msg_type", "execute_request", "username", "it", "session", session,
                            "date", Instant.now().toString(), "version", "5.3"),
                    "parent_header", Map.of(), "metadata", Map.of(), "buffers", List.of(),
                    "content", Map.of("code", code, "silent", false, "store_history", true, "user_expressions", Map.of(),
                            "allow_stdin", false, "stop_on_error", true));
            try {
                socket.sendText(JSON.writeValueAsString(message), true).join();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            return id;
        }

        /** The text the request printed on stdout. */
        String awaitStream(String parentId) throws InterruptedException {
            Instant deadline = Instant.now().plus(ANSWER);
            while (Instant.now().isBefore(deadline)) {
                JsonNode message = received.poll(1, TimeUnit.SECONDS);
                if (message != null && parentId.equals(message.path("parent_header").path("msg_id").asText())
                        && "stream".equals(message.path("header").path("msg_type").asText())) {
                    return message.path("content").path("text").asText();
                }
            }
            fail("no output for " + parentId + " within " + ANSWER);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    received.add(JSON.readTree(partial.toString()));
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        }
    }

}
