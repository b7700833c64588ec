package org.kernelforge.sessions;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;
import org.kernelforge.identity.Accounts;
import org.kernelforge.platform.Installation;
import org.kernelforge.platform.ReplicaForwarding;
import org.kernelforge.platform.StandInReplica;
import org.kernelforge.runs.Language;

import io.restassured.RestAssured;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Sessions another replica runs, without starting any container: that replica is a row in {@code server_replicas}
 * (its URL a stand-in HTTP server here, which records what reaches it) and its sessions are rows in
 * {@code interactive_sessions}. Limits count them, listing shows them, requests for them are forwarded with the
 * caller's credentials (only the owner's), and when the replica's heartbeat stops they end.
 */
@QuarkusTest
@TestProfile(SessionRoutingTest.Limits.class)
class SessionRoutingTest {

    public static class Limits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kernelforge.sessions.total", "2", "kernelforge.replica.heartbeat-timeout", "PT3S",
                    "kernelforge.forwarding.answer-timeout", "PT2S");
        }
    }

    @Inject
    Accounts accounts;
    @Inject
    Installation installation;

    private StandInReplica other;
    private String otherId;

    @BeforeEach
    void anotherReplica() throws Exception {
        other = StandInReplica.answering("{\"id\":\"from the other replica\"}", Duration.ofMillis(500));
        otherId = other.id();
    }

    @AfterEach
    void stopOther() throws InterruptedException {
        QuarkusTransaction.requiringNew().run(() -> SessionRow.delete("replicaId = ?1", otherId));
        other.close();
    }

    @Test
    void sessionsOfAnotherReplicaCountListForwardAndEndWithIt() throws Exception {
        Account alice = TestAccounts.signUp("route");
        Account bob = TestAccounts.signUp("route");
        String aliceKernel = sessionElsewhere(alice, "alice/data");

        // the per-user limit counts the session on the other replica (409 naming it)
        jupyter(alice).contentType(ContentType.JSON).body(Map.of("name", "python3")).post("/jupyter/api/kernels")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString(aliceKernel)).body("running.id", equalTo(aliceKernel));
        // the total counts it too: with bob's on the other replica, 2 of 2 are in use
        sessionElsewhere(bob, null);
        Account carol = TestAccounts.signUp("route");
        jupyter(carol).contentType(ContentType.JSON).body(Map.of("name", "python3")).post("/jupyter/api/kernels")
                .then().statusCode(503).body("detail", containsString("2 interactive sessions of this installation"));

        // listed on this replica, as recorded there
        jupyter(alice).get("/jupyter/api/kernels").then().statusCode(200)
                .body("id", equalTo(List.of(aliceKernel))).body("[0].kernelforge.kernel", equalTo("alice/data"))
                .body("[0].execution_state", equalTo("unknown"));
        jupyter(bob).get("/jupyter/api/kernels").then().statusCode(200).body("id", not(hasItem(aliceKernel)));

        // the owner's requests reach the other replica, with their own credentials and the forwarding mark
        jupyter(alice).get("/jupyter/api/kernels/" + aliceKernel).then().statusCode(200)
                .body("id", equalTo("from the other replica"));
        jupyter(alice).post("/jupyter/api/kernels/" + aliceKernel + "/interrupt").then().statusCode(200);
        assertEquals(List.of(
                        new StandInReplica.Received("GET", "/jupyter/api/kernels/" + aliceKernel, "token " + alice.key(), installationId()),
                        new StandInReplica.Received("POST", "/jupyter/api/kernels/" + aliceKernel + "/interrupt", "token " + alice.key(),
                                installationId())),
                other.received());

        // another user's request is answered here, as for any kernel they do not have; so is an anonymous one
        jupyter(bob).get("/jupyter/api/kernels/" + aliceKernel).then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("You have no kernel"));
        given().get("/jupyter/api/kernels/" + aliceKernel).then().statusCode(401);
        // a request already forwarded once is never forwarded again
        jupyter(alice).header(ReplicaForwarding.FORWARDED_BY, "elsewhere").get("/jupyter/api/kernels/" + aliceKernel)
                .then().statusCode(404);
        assertEquals(2, other.received().size(), "only the owner's requests were forwarded: " + other.received());

        // the other replica stops beating: its sessions end, with the reason, and free their places
        other.die();
        Instant deadline = Instant.now().plusSeconds(20);
        while (!jupyter(alice).get("/jupyter/api/kernels").then().extract().jsonPath().getList("id").isEmpty()) {
            assertTrue(Instant.now().isBefore(deadline), "the dead replica's session is still listed");
            Thread.sleep(200);
        }
        jupyter(alice).get("/jupyter/api/kernels/" + aliceKernel).then().statusCode(404)
                .body("detail", containsString("has ended: the server running this session stopped"));
        assertEquals(2, other.received().size(), "nothing is forwarded to a dead replica");
        // their places are free once a sweep (every second here) has recorded them ended
        while (QuarkusTransaction.requiringNew().call(() -> SessionRow.count("replicaId = ?1 and state <> ?2", otherId,
                SessionState.ENDED)) > 0) {
            assertTrue(Instant.now().isBefore(deadline), "the dead replica's sessions were not ended");
            Thread.sleep(200);
        }
        jupyter(carol).contentType(ContentType.JSON).body(Map.of("name", "python3")).post("/jupyter/api/kernels")
                .then().statusCode(201).extract().path("id");
        String carols = jupyter(carol).get("/jupyter/api/kernels").then().extract().path("[0].id");
        jupyter(carol).delete("/jupyter/api/kernels/" + carols).then().statusCode(204);
    }

    @Test
    void jupyterSessionsOfAKernelOnAnotherReplicaAreListedForwardedAndEndWithIt() throws Exception {
        Account alice = TestAccounts.signUp("route");
        Account bob = TestAccounts.signUp("route");
        String aliceKernel = sessionElsewhere(alice, "alice/data");

        // bound on this replica to the kernel on the other one: recorded in the database, for every replica
        Map<String, Object> create = Map.of("path", "alice/data", "type", "notebook", "name", "data.ipynb",
                "kernel", Map.of("id", aliceKernel));
        String binding = jupyter(alice).contentType(ContentType.JSON).body(create).post("/jupyter/api/sessions")
                .then().statusCode(201).body("kernel.id", equalTo(aliceKernel)).extract().path("id");
        jupyter(alice).contentType(ContentType.JSON).body(Map.of("path", "p", "type", "t".repeat(256),
                        "kernel", Map.of("id", aliceKernel))).post("/jupyter/api/sessions")
                .then().statusCode(400).contentType("application/problem+json").body("field", equalTo("type"));
        BindingRow row = QuarkusTransaction.requiringNew().call(() -> BindingRow.<BindingRow>findById(binding));
        assertEquals(List.of("alice/data", "data.ipynb", aliceKernel),
                List.of(row.path, row.name, row.kernelId));
        // the same path again is that binding, not a new kernel (alice is at her limit: a start would be a 409)
        jupyter(alice).contentType(ContentType.JSON).body(Map.of("path", "alice/data", "kernel", Map.of("name", "python3")))
                .post("/jupyter/api/sessions").then().statusCode(201).body("id", equalTo(binding));

        // listed for its owner, its kernel as the kernels list shows one on another replica; nobody else sees it
        jupyter(alice).get("/jupyter/api/sessions").then().statusCode(200)
                .body("id", equalTo(List.of(binding))).body("[0].path", equalTo("alice/data"))
                .body("[0].kernel.id", equalTo(aliceKernel)).body("[0].kernel.execution_state", equalTo("unknown"));
        jupyter(bob).get("/jupyter/api/sessions").then().statusCode(200).body("id", not(hasItem(binding)));
        assertEquals(List.of(), other.received(), "lists and creations are answered here");

        // the owner's GET, PATCH and DELETE go to the replica running the kernel, with their credentials
        jupyter(alice).get("/jupyter/api/sessions/" + binding).then().statusCode(200)
                .body("id", equalTo("from the other replica"));
        jupyter(alice).contentType(ContentType.JSON).body(Map.of("name", "renamed.ipynb"))
                .patch("/jupyter/api/sessions/" + binding).then().statusCode(200);
        jupyter(alice).delete("/jupyter/api/sessions/" + binding).then().statusCode(200);
        String path = "/jupyter/api/sessions/" + binding;
        assertEquals(List.of(
                        new StandInReplica.Received("GET", path, "token " + alice.key(), installationId()),
                        new StandInReplica.Received("PATCH", path, "token " + alice.key(), installationId()),
                        new StandInReplica.Received("DELETE", path, "token " + alice.key(), installationId())),
                other.received());

        // another user's requests are answered here with the 404 of a session they do not have; never forwarded
        jupyter(bob).get(path).then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("You have no session"));
        jupyter(bob).delete(path).then().statusCode(404);
        jupyter(bob).contentType(ContentType.JSON).body(Map.of("name", "x")).patch(path).then().statusCode(404);
        // nor may they bind alice's kernel
        jupyter(bob).contentType(ContentType.JSON).body(Map.of("path", "b", "kernel", Map.of("id", aliceKernel)))
                .post("/jupyter/api/sessions").then().statusCode(404);
        given().get(path).then().statusCode(401);
        assertEquals(3, other.received().size(), "only the owner's requests were forwarded: " + other.received());

        // the other replica dies: the binding is no longer listed, and 404 here
        other.die();
        Instant deadline = Instant.now().plusSeconds(20);
        while (!jupyter(alice).get("/jupyter/api/sessions").then().extract().jsonPath().getList("id").isEmpty()) {
            assertTrue(Instant.now().isBefore(deadline), "the dead replica's binding is still listed");
            Thread.sleep(200);
        }
        jupyter(alice).get(path).then().statusCode(404).body("detail", containsString("You have no session"));
        assertEquals(3, other.received().size(), "nothing is forwarded to a dead replica");
    }

    @Test
    void aReplicaThatStopsAnsweringMidForwardIsATryAgainNotAnEmpty502() throws Exception {
        AtomicReference<String> behaviour = new AtomicReference<>("cut");
        other.close();
        other = StandInReplica.serving(exchange -> {
            if (behaviour.get().equals("cut")) {
                exchange.close(); // before any answer: the connection is closed under the request
            } else {
                try {
                    Thread.sleep(10_000); // an answer that does not come in time
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
            }
        }, Duration.ofMillis(500));
        otherId = other.id();
        Account alice = TestAccounts.signUp("route");
        String kernel = sessionElsewhere(alice, null);
        String path = "/jupyter/api/kernels/" + kernel;

        tryAgain(jupyter(alice).get(path));
        behaviour.set("hang");
        Instant asked = Instant.now();
        tryAgain(jupyter(alice).post(path + "/interrupt"));
        assertTrue(Duration.between(asked, Instant.now()).toSeconds() < 8, "given up after the answer timeout (2 s)");
        // it still beats, but refuses every connection: REST calls and WebSocket upgrades alike
        other.stopAnswering();
        tryAgain(jupyter(alice).get(path));
        try {
            HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "token " + alice.key())
                    .buildAsync(URI.create("ws://127.0.0.1:" + RestAssured.port + path + "/channels?session_id=t"),
                            new WebSocket.Listener() { })
                    .get(20, TimeUnit.SECONDS).abort();
            fail("the WebSocket was opened");
        } catch (ExecutionException e) {
            WebSocketHandshakeException refused = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
            assertEquals(503, refused.getResponse().statusCode());
            assertEquals(Optional.of("3"), refused.getResponse().headers().firstValue("Retry-After"));
        }
        assertEquals(2, other.received().size(), "the two REST calls before it stopped reached it: " + other.received());
    }

    /** A 503 problem that says the replica stopped answering, and when to try again (the heartbeat timeout, 3 s here). */
    private static void tryAgain(io.restassured.response.Response response) {
        response.then().statusCode(503).contentType("application/problem+json").header("Retry-After", "3")
                .body("status", equalTo(503)).body("detail", containsString("stopped answering"))
                .body("detail", containsString("Try again in 3 s"));
    }

    private static io.restassured.specification.RequestSpecification jupyter(Account account) {
        return given().header("Authorization", "token " + account.key());
    }

    private String installationId() {
        return installation.id();
    }

    private String sessionElsewhere(Account account, String kernelRef) {
        long ownerId = accounts.byUsername(account.username()).orElseThrow().id();
        String id = UUID.randomUUID().toString();
        QuarkusTransaction.requiringNew().run(() -> {
            SessionRow row = new SessionRow();
            row.id = id;
            row.ownerId = ownerId;
            row.replicaId = otherId;
            row.language = Language.PYTHON.id();
            row.kernelRef = kernelRef;
            row.memoryLimitBytes = 1 << 30;
            row.folder = "/nowhere/sessions/" + id;
            row.state = SessionState.RUNNING;
            row.startedAt = Instant.now();
            row.expiresAt = Instant.now().plus(Duration.ofHours(1));
            row.persist();
        });
        return id;
    }
}
