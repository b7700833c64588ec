package org.kernelforge.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kernelforge.TestAccounts.Account;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jupyter Server's kernel API as Jupyter clients use it, on the real engine, with plain Jupyter messages. */
@QuarkusTest
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class JupyterKernelApiTest extends SessionsTestBase {

    @Test
    void aKernelWithADatasetRunsCellsOverTheChannelsWebSocket() throws Exception {
        Account owner = user("sess");
        dataset(owner, "numbers", "numbers.csv", "n\n7\n8\n", true);
        kernel(owner, "analysis", true, List.of(owner.username() + "/numbers"));

        JsonNode model = jupyter(owner).contentType(ContentType.JSON)
                .body(Map.of("name", "python3", "path", owner.username() + "/analysis"))
                .post("/jupyter/api/kernels")
                .then().statusCode(201)
                .header("Location", containsString("/jupyter/api/kernels/"))
                .body("name", equalTo("python3"))
                .body("last_activity", notNullValue())
                .body("execution_state", notNullValue())
                .body("connections", equalTo(0))
                .body("kernelforge.kernel", equalTo(owner.username() + "/analysis"))
                .body("kernelforge.memory_limit_bytes", greaterThan(0L))
                .body("kernelforge.expires_at", notNullValue())
                .extract().as(JsonNode.class);
        String id = model.path("id").asText();

        try (JupyterClient client = openWithToken(owner, id)) {
            String info = client.send("shell", "kernel_info_request", Map.of());
            assertThat(client.await(info, "kernel_info_reply", ANSWER).path("content").path("protocol_version").asText(), "5.");

            client.replies(client.execute("x = 41"), ANSWER);
            String printed = client.execute("print(x + 1)");
            List<JsonNode> replies = client.replies(printed, ANSWER);
            List<String> sequence = replies.stream().map(m -> m.path("channel").asText() + ":"
                    + m.path("header").path("msg_type").asText() + stateOf(m)).toList();
            int busy = sequence.indexOf("iopub:status(busy)");
            int stream = sequence.indexOf("iopub:stream");
            int reply = sequence.indexOf("shell:execute_reply");
            int idle = sequence.indexOf("iopub:status(idle)");
            assertTrue(busy >= 0 && busy < stream && stream < idle && reply >= 0, "Jupyter's order: " + sequence);
            assertEquals("42\n", JupyterClient.streamText(replies));
            assertEquals("ok", replies.get(reply).path("content").path("status").asText());
            assertEquals(2, replies.get(reply).path("content").path("execution_count").asInt());

            String read = client.execute("print(open('/kaggle/input/numbers/numbers.csv').read().split()[1])");
            assertEquals("7\n", client.printed(read, ANSWER));
            String big = client.execute("# " + "x".repeat(300_000) + "\nprint('a large cell')");
            assertEquals("a large cell\n", client.printed(big, ANSWER));
            String write = client.execute("open('/kaggle/input/numbers/new.csv', 'w')");
            JsonNode refused = client.await(write, "execute_reply", ANSWER);
            assertEquals("error", refused.path("content").path("status").asText(), "the inputs are read-only");
            // the kernel reports idle on iopub after its reply on shell: the server's state follows that report
            client.replies(write, ANSWER);

            jupyter(owner).get("/jupyter/api/kernels/" + id).then().statusCode(200)
                    .body("connections", equalTo(1)).body("execution_state", equalTo("idle"));
            jupyter(owner).get("/jupyter/api/kernels").then().statusCode(200).body("id", hasItem(id));

            jupyter(owner).delete("/jupyter/api/kernels/" + id).then().statusCode(204);
            assertThat(client.awaitClosed(ANSWER), "4004");
        }
        jupyter(owner).get("/jupyter/api/kernels/" + id).then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("ended"));
    }

    @Test
    void interruptStopsARunningCellQuicklyAndRestartClearsTheState() throws Exception {
        Account owner = user("sess");
        String id = start(owner, null);
        try (JupyterClient client = openWithToken(owner, id)) {
            client.replies(client.execute("x = 1"), ANSWER);
            String loop = client.execute("while True: pass");
            client.awaitMatching(m -> loop.equals(m.path("parent_header").path("msg_id").asText())
                    && "busy".equals(m.path("content").path("execution_state").asText()), ANSWER, "busy");
            long asked = System.nanoTime();
            jupyter(owner).post("/jupyter/api/kernels/" + id + "/interrupt").then().statusCode(204);
            JsonNode reply = client.await(loop, "execute_reply", Duration.ofSeconds(10));
            long tookMs = (System.nanoTime() - asked) / 1_000_000;
            assertEquals("error", reply.path("content").path("status").asText());
            assertEquals("KeyboardInterrupt", reply.path("content").path("ename").asText());
            assertTrue(tookMs < 2000, "interrupted after " + tookMs + " ms");
            client.replies(loop, ANSWER);
            String again = executeOnceNotAborted(client, "print(x)");
            assertEquals("1\n", client.printed(again, ANSWER));
        }

        jupyter(owner).post("/jupyter/api/kernels/" + id + "/restart").then().statusCode(200)
                .body("id", equalTo(id)).body("name", equalTo("python3"));
        try (JupyterClient client = openWithToken(owner, id)) {
            JsonNode reply = client.await(client.execute("print(x)"), "execute_reply", ANSWER);
            assertEquals("NameError", reply.path("content").path("ename").asText(), "a restart forgets x");
        }
    }

    @Test
    void anotherUsersKernelIsNotFoundOverRestAndWebSocket() throws Exception {
        Account owner = user("sess");
        Account other = user("other");
        String id = start(owner, null);

        jupyter(other).get("/jupyter/api/kernels/" + id).then().statusCode(404).contentType("application/problem+json");
        jupyter(other).post("/jupyter/api/kernels/" + id + "/interrupt").then().statusCode(404);
        jupyter(other).post("/jupyter/api/kernels/" + id + "/restart").then().statusCode(404);
        jupyter(other).delete("/jupyter/api/kernels/" + id).then().statusCode(404);
        jupyter(other).get("/jupyter/api/kernels").then().statusCode(200).body("$", empty());
        other.given().get("/jupyter/api/kernels/" + id).then().statusCode(404);

        assertEquals(404, JupyterClient.refusal(channels(id, null), Map.of("Authorization", "token " + other.key())));
        assertEquals(404, JupyterClient.refusal(channels(id, "token=" + other.key()), Map.of()));
        assertEquals(401, JupyterClient.refusal(channels(id, null), Map.of()));
        assertEquals(401, JupyterClient.refusal(channels(id, "token=not-a-key"), Map.of()));
        given().get("/jupyter/api/kernels").then().statusCode(401);

        // the owner's kernel is still there and answers
        jupyter(owner).get("/jupyter/api/kernels/" + id).then().statusCode(200);
        try (JupyterClient client = JupyterClient.open(channels(id, "token=" + owner.key()), Map.of())) {
            assertEquals("2", client.await(client.execute("1 + 1"), "execute_result", ANSWER)
                    .path("content").path("data").path("text/plain").asText());
        }
    }

    @Test
    void theSessionCookieOpensAKernelOnlyFromThisServersPages() throws Exception {
        Account owner = user("sess");
        String id = start(owner, null);
        String cookie = "kf_session=" + owner.sessionCookie();

        assertEquals(403, JupyterClient.refusal(channels(id, null), Map.of("Cookie", cookie, "Origin", "http://evil.example")));
        assertEquals(403, JupyterClient.refusal(channels(id, null), Map.of("Cookie", cookie)));
        given().cookie("kf_session", owner.sessionCookie()).header("Origin", "http://evil.example")
                .post("/jupyter/api/kernels/" + id + "/interrupt").then().statusCode(403);

        try (JupyterClient client = JupyterClient.open(channels(id, "session_id=abc"), Map.of("Cookie", cookie, "Origin", origin()))) {
            String info = client.send("shell", "kernel_info_request", Map.of());
            client.await(info, "kernel_info_reply", ANSWER);
        }
        given().cookie("kf_session", owner.sessionCookie()).header("Origin", origin())
                .get("/jupyter/api/kernels/" + id).then().statusCode(200);
    }

    @Test
    void namingAnotherUsersPrivateKernelMountsNothing() {
        Account alice = user("alice");
        Account bob = user("bob");
        kernel(alice, "secret-work", true, List.of());
        dataset(alice, "secret-data", "s.csv", "a\n1\n", true);
        kernel(alice, "open-work", false, List.of(alice.username() + "/secret-data"));

        jupyter(bob).contentType(ContentType.JSON).body(Map.of("name", "python3", "path", alice.username() + "/secret-work"))
                .post("/jupyter/api/kernels").then().statusCode(404).contentType("application/problem+json");
        jupyter(bob).contentType(ContentType.JSON).body(Map.of("name", "python3", "path", alice.username() + "/open-work"))
                .post("/jupyter/api/kernels").then().statusCode(400)
                .body("field", equalTo("dataset_sources")).body("detail", containsString("secret-data"));
        jupyter(bob).contentType(ContentType.JSON).body(Map.of("name", "R"))
                .post("/jupyter/api/kernels").then().statusCode(400).body("field", equalTo("name"));
        jupyter(bob).get("/jupyter/api/kernels").then().statusCode(200).body("$", empty());
    }

    @Test
    void aSecondSessionIsAConflictNamingTheRunningOne() {
        Account owner = user("sess");
        String first = start(owner, null);

        jupyter(owner).contentType(ContentType.JSON).body(Map.of("name", "python3")).post("/jupyter/api/kernels")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString(first))
                .body("running.id", equalTo(first));

        jupyter(owner).delete("/jupyter/api/kernels/" + first).then().statusCode(204);
        String second = start(owner, null);
        jupyter(owner).get("/jupyter/api/kernels").then().body("id", equalTo(List.of(second)));
    }

    @Test
    void aJupyterSessionStartsAKernelForItsPathAndDeletingItShutsTheKernelDown() {
        Account owner = user("sess");
        kernel(owner, "notes", true, List.of());
        String path = owner.username() + "/notes";
        Map<String, Object> create = Map.of("path", path, "name", "", "type", "notebook", "kernel", Map.of("name", "python3"));

        JsonNode session = jupyter(owner).contentType(ContentType.JSON).body(create).post("/jupyter/api/sessions")
                .then().statusCode(201)
                .body("path", equalTo(path)).body("type", equalTo("notebook"))
                .body("kernel.name", equalTo("python3")).body("kernel.kernelforge.kernel", equalTo(path))
                .extract().as(JsonNode.class);
        String id = session.path("id").asText();
        String kernelId = session.path("kernel").path("id").asText();

        jupyter(owner).contentType(ContentType.JSON).body(create).post("/jupyter/api/sessions")
                .then().statusCode(201).body("id", equalTo(id)).body("kernel.id", equalTo(kernelId));
        jupyter(owner).get("/jupyter/api/sessions").then().statusCode(200).body("id", equalTo(List.of(id)));
        Account other = user("other");
        jupyter(other).get("/jupyter/api/sessions/" + id).then().statusCode(404);
        jupyter(other).get("/jupyter/api/sessions").then().statusCode(200).body("$", empty());

        jupyter(owner).delete("/jupyter/api/sessions/" + id).then().statusCode(204);
        jupyter(owner).get("/jupyter/api/kernels/" + kernelId).then().statusCode(404);
        jupyter(owner).get("/jupyter/api/sessions/" + id).then().statusCode(404);
    }

    @Test
    void kernelspecsAndVersionLookLikeJupyterServers() {
        Account owner = user("sess");
        given().get("/jupyter/api").then().statusCode(200).body("version", notNullValue());
        jupyter(owner).get("/jupyter/api/kernelspecs").then().statusCode(200)
                .body("default", equalTo("python3"))
                .body("kernelspecs.python3.name", equalTo("python3"))
                .body("kernelspecs.python3.resources", notNullValue())
                .body("kernelspecs.python3.spec.language", equalTo("python"))
                .body("kernelspecs.python3.spec.display_name", notNullValue())
                .body("kernelspecs.python3.spec.argv", hasItem("{connection_file}"));
    }

    /**
     * Runs code after an error: ipykernel aborts (status "aborted") the requests that reach it while it still clears
     * its queue after an error, as with any Jupyter client, so a client asks again.
     */
    private static String executeOnceNotAborted(JupyterClient client, String code) throws InterruptedException {
        for (int attempt = 0; attempt < 5; attempt++) {
            String id = client.execute(code);
            if (!"aborted".equals(client.await(id, "execute_reply", ANSWER).path("content").path("status").asText())) {
                return id;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the kernel kept aborting " + code);
    }

    private static String stateOf(JsonNode m) {
        return m.path("content").has("execution_state") ? "(" + m.path("content").path("execution_state").asText() + ")" : "";
    }

    private static void assertThat(String actual, String prefix) {
        org.hamcrest.MatcherAssert.assertThat(actual, startsWith(prefix));
    }
}
