package org.kernelforge.kernels;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;
import org.kernelforge.storage.ObjectStore;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernelforge.kernels.KernelFixtures.as;

/** Commits that run top to bottom in a fresh container on the real Docker engine. */
@QuarkusTest
class KernelRunTest {

    private static final Duration RUN = Duration.ofSeconds(90);

    @Inject
    ObjectStore store;
    @Inject
    com.github.dockerjava.api.DockerClient docker;

    @Test
    void scriptReadsADatasetAndItsOutputIsCapturedByteForByte() {
        Account ada = TestAccounts.signUp("ada");
        KernelFixtures.dataset(ada, "train-data", "train.csv", "id,x\n1,10\n2,20\n3,30\n", true);
        Map<String, Object> push = KernelFixtures.script("""
                import pandas as pd, sys
                df = pd.read_csv('/kaggle/input/train-data/train.csv')
                print('rows', len(df))
                print('to stderr', file=sys.stderr)
                df.assign(y=df.x * 2)[['id', 'y']].to_csv('/kaggle/working/submission.csv', index=False)
                """);
        push.put("dataset_sources", List.of(ada.username() + "/train-data"));
        int version = KernelFixtures.push(ada, "reads-data", push);

        Map<String, Object> v = KernelFixtures.awaitFinished(ada, "reads-data", version, RUN);
        assertEquals("complete", v.get("status"), String.valueOf(v));
        assertEquals(0, v.get("exitCode"));
        assertNotNull(v.get("fingerprint"));
        assertEquals(docker.infoCmd().exec().getName(), v.get("node"), "the local engine's host ran it");
        assertTrue(((String) ((Map<?, ?>) v.get("image")).get("digest")).startsWith("sha256:"), String.valueOf(v.get("image")));
        assertEquals(List.of(Map.of("mount", "train-data", "kind", "dataset", "ref", ada.username() + "/train-data", "version", 1)),
                v.get("inputs"));

        String base = "/api/kernels/" + ada.username() + "/reads-data/versions/" + version;
        as(ada).get(base + "/log").then().statusCode(200)
                .body("find { it.stream_name == 'stdout' }.data", equalTo("rows 3"))
                .body("find { it.stream_name == 'stderr' }.data", equalTo("to stderr"));
        as(ada).get(base + "/output").then().statusCode(200)
                .body("path", equalTo(List.of("submission.csv")));
        byte[] bytes = as(ada).get(base + "/output/submission.csv").then().statusCode(200).extract().asByteArray();
        assertEquals("id,y\n1,20\n2,40\n3,60\n", new String(bytes, StandardCharsets.UTF_8));
        as(ada).header("Range", "bytes=0-3").get(base + "/output/submission.csv").then().statusCode(206)
                .body(equalTo("id,y"));
        as(ada).get(base + "/output.zip").then().statusCode(200).contentType("application/zip");
        as(ada).get(base + "/source").then().statusCode(200).body(containsString("read_csv"));
    }

    @Test
    void aLatestSourceIsPinnedToTheVersionThatWasLatestAtCommitTime() {
        Account bo = TestAccounts.signUp("bo");
        KernelFixtures.dataset(bo, "pinned-data", "a.csv", "a\n1\n", false);
        as(bo).multiPart("notes", "second").multiPart("file", "a.csv", "a\n2\n".getBytes(), "text/csv")
                .post("/api/datasets/" + bo.username() + "/pinned-data/versions").then().statusCode(201);
        Map<String, Object> push = KernelFixtures.script("print(open('/kaggle/input/pinned-data/a.csv').read().split()[1])");
        push.put("dataset_sources", List.of(bo.username() + "/pinned-data"));
        push.put("mode", "quick");
        int version = KernelFixtures.push(bo, "pins-input", push);
        as(bo).get("/api/kernels/" + bo.username() + "/pins-input/versions/" + version).then().statusCode(200)
                .body("status", equalTo("complete"))
                .body("mode", equalTo("quick"))
                .body("inputs[0].version", equalTo(2));
    }

    @Test
    void notebookThatFailsInItsThirdCellKeepsTheCellsThatRanAndTheError() {
        Account cy = TestAccounts.signUp("cy");
        int version = KernelFixtures.push(cy, "fails-third", KernelFixtures.notebook(List.of(
                KernelFixtures.code("print('first cell ran')"),
                KernelFixtures.code("x = 6 * 7\nprint('second', x)"),
                KernelFixtures.code("raise ValueError('third cell broke')"),
                KernelFixtures.code("print('never printed')"))));
        Map<String, Object> v = KernelFixtures.awaitFinished(cy, "fails-third", version, RUN);
        assertEquals("error", v.get("status"));
        assertEquals("exception", ((Map<?, ?>) v.get("failure")).get("kind"));
        String html = as(cy).get("/api/kernels/" + cy.username() + "/fails-third/versions/" + version + "/notebook.html")
                .then().statusCode(200)
                .header("Content-Security-Policy", startsWith("sandbox"))
                .extract().asString();
        assertTrue(html.contains("first cell ran"), "cell 1 output");
        assertTrue(html.contains("second 42"), "cell 2 output");
        assertTrue(html.contains("third cell broke"), "the error");
        assertTrue(!html.contains("never printed</"), "cell 4 did not run");
    }

    @Test
    void pushingTheSameKernelTwiceStoresNoNewOutputBytes() {
        Account di = TestAccounts.signUp("di");
        Map<String, Object> push = KernelFixtures.script("""
                with open('/kaggle/working/result.txt', 'w') as f:
                    f.write('same every time\\n' * 1000)
                """);
        int first = KernelFixtures.push(di, "same-output", push);
        assertEquals("complete", KernelFixtures.awaitFinished(di, "same-output", first, RUN).get("status"));
        String sha = as(di).get("/api/kernels/" + di.username() + "/same-output/versions/" + first + "/output")
                .then().extract().path("[0].sha256");
        List<String> before = store.list("blobs/");

        int second = KernelFixtures.push(di, "same-output", push);
        assertEquals("complete", KernelFixtures.awaitFinished(di, "same-output", second, RUN).get("status"));
        as(di).get("/api/kernels/" + di.username() + "/same-output/versions/" + second + "/output")
                .then().body("[0].sha256", equalTo(sha));
        List<String> added = store.list("blobs/").stream().filter(k -> !before.contains(k)).toList();
        assertTrue(added.stream().noneMatch(k -> k.endsWith(sha)), "output stored again: " + added);
        assertTrue(added.size() <= 1, "only the new log may be new, got " + added);
    }

    @Test
    void anEndlessLoopStopsAtItsTimeLimitAndKeepsWhatItWrote() {
        Account ed = TestAccounts.signUp("ed");
        Map<String, Object> push = KernelFixtures.script("""
                open('/kaggle/working/partial.txt', 'w').write('before the loop')
                while True:
                    pass
                """);
        push.put("session_timeout_seconds", 3);
        int version = KernelFixtures.push(ed, "loops-forever", push);
        Map<String, Object> v = KernelFixtures.awaitFinished(ed, "loops-forever", version, RUN);
        assertEquals("error", v.get("status"));
        assertEquals("timeout", ((Map<?, ?>) v.get("failure")).get("kind"));
        as(ed).get("/api/kernels/" + ed.username() + "/loops-forever/versions/" + version + "/output/partial.txt")
                .then().statusCode(200).body(equalTo("before the loop"));
    }

    @Test
    void aShortLogIsKeptInTheVersionAndALongOneAsABlobBothReadBackWhole() {
        Account lia = TestAccounts.signUp("lia");
        int small = KernelFixtures.push(lia, "short-log", KernelFixtures.script("print('one')\nprint('two')"));
        int large = KernelFixtures.push(lia, "long-log", KernelFixtures.script("for i in range(2000):\n    print('line', i)"));
        assertEquals("complete", KernelFixtures.awaitFinished(lia, "short-log", small, RUN).get("status"));
        assertEquals("complete", KernelFixtures.awaitFinished(lia, "long-log", large, RUN).get("status"));

        KernelVersion shortOne = stored(lia, "short-log", small);
        assertNotNull(shortOne.logText, "a short log is kept in the row");
        assertEquals(null, shortOne.logSha256);
        KernelVersion longOne = stored(lia, "long-log", large);
        assertEquals(null, longOne.logText);
        assertNotNull(longOne.logSha256, "a long log is a blob");
        as(lia).get("/api/kernels/" + lia.username() + "/short-log/versions/" + small + "/log").then().statusCode(200)
                .body("data", equalTo(List.of("one", "two")));
        List<String> lines = as(lia).get("/api/kernels/" + lia.username() + "/long-log/versions/" + large + "/log").then()
                .statusCode(200).extract().path("data");
        assertEquals(2000, lines.size());
        assertEquals("line 1999", lines.get(1999));
    }

    private static KernelVersion stored(Account owner, String slug, int number) {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> KernelVersion.<KernelVersion>find(
                "kernel.ownerName = ?1 and kernel.slug = ?2 and number = ?3", owner.username(), slug, number).firstResult());
    }

    @Test
    void aFinishedVersionLeavesNoContainerBehind() throws InterruptedException {
        Account gil = TestAccounts.signUp("gil");
        int version = KernelFixtures.push(gil, "leaves-nothing", KernelFixtures.script("print('bye')"));
        assertEquals("complete", KernelFixtures.awaitFinished(gil, "leaves-nothing", version, RUN).get("status"));
        String containerId = stored(gil, "leaves-nothing", version).containerId;
        assertNotNull(containerId, "the version records the container it ran in");

        // the container (its own, or a warm one it was handed) is removed right after the outcome is recorded
        boolean gone = false;
        for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos(); !gone && System.nanoTime() < deadline; ) {
            try {
                docker.inspectContainerCmd(containerId).exec();
                Thread.sleep(50);
            } catch (com.github.dockerjava.api.exception.NotFoundException removed) {
                gone = true;
            }
        }
        assertTrue(gone, "container " + containerId + " left behind");
    }

    @Test
    void cancellingARunningVersionStopsIt() {
        Account fay = TestAccounts.signUp("fay");
        Map<String, Object> push = KernelFixtures.script("import time\nprint('started', flush=True)\ntime.sleep(600)");
        int version = KernelFixtures.push(fay, "to-cancel", push);
        KernelFixtures.awaitStatus(fay, "to-cancel", version, "running", RUN);
        KernelFixtures.sleep(1500);
        as(fay).post("/api/kernels/" + fay.username() + "/to-cancel/versions/" + version + "/cancel").then().statusCode(202);
        Map<String, Object> v = KernelFixtures.awaitFinished(fay, "to-cancel", version, RUN);
        assertEquals("cancelled", v.get("status"));
        assertEquals("cancelled", ((Map<?, ?>) v.get("failure")).get("kind"));
        as(fay).post("/api/kernels/" + fay.username() + "/to-cancel/versions/" + version + "/cancel").then().statusCode(409);
    }

    @Test
    void aGpuRequestOnAnEngineWithoutGpusIsRefusedAtPushAndSpendsNoVersion() {
        // refused before a version is taken: such a run could only fail as a platform error
        Account gus = TestAccounts.signUp("gus");
        String kernel = "/api/kernels/" + gus.username() + "/wants-gpu";
        Map<String, Object> quick = KernelFixtures.script("print('no gpu needed')");
        quick.put("mode", "quick");
        assertEquals(1, KernelFixtures.push(gus, "wants-gpu", quick));
        Map<String, Object> push = KernelFixtures.script("print('needs a gpu')");
        push.put("enable_gpu", true);
        as(gus).contentType(io.restassured.http.ContentType.JSON).body(push).post(kernel + "/versions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("enable_gpu"))
                .body("detail", containsString("no GPU"));
        as(gus).get(kernel).then().statusCode(200)
                .body("versions.size()", equalTo(1))
                .body("settings.enable_gpu", equalTo(false));
        as(gus).get(kernel + "/versions/2").then().statusCode(404);
        assertEquals(2, KernelFixtures.push(gus, "wants-gpu", quick), "the refusal spent no version number");
    }

    @Test
    void writingIntoTheInputsFailsTheVersionAsAnException() {
        Account hal = TestAccounts.signUp("hal");
        KernelFixtures.dataset(hal, "fixed-data", "f.csv", "a\n1\n", true);
        Map<String, Object> push = KernelFixtures.script("open('/kaggle/input/fixed-data/f.csv', 'w').write('changed')");
        push.put("dataset_sources", List.of(hal.username() + "/fixed-data"));
        int version = KernelFixtures.push(hal, "writes-input", push);
        Map<String, Object> v = KernelFixtures.awaitFinished(hal, "writes-input", version, RUN);
        assertEquals("exception", ((Map<?, ?>) v.get("failure")).get("kind"));
        as(hal).get("/api/kernels/" + hal.username() + "/writes-input/versions/" + version + "/log").then()
                .body("data", hasItem(containsString("Read-only file system")));
        as(hal).get("/api/datasets/" + hal.username() + "/fixed-data/versions/1/files/f.csv").then().body(equalTo("a\n1\n"));
    }

    @Test
    void theLogStreamsLiveAndEndsWhenTheRunEnds() {
        Account ivy = TestAccounts.signUp("ivy");
        int version = KernelFixtures.push(ivy, "streams-log", KernelFixtures.script("""
                import time
                for i in range(5):
                    print('tick', i, flush=True)
                    time.sleep(0.4)
                """));
        String stream = as(ivy).accept("text/event-stream")
                .get("/api/kernels/" + ivy.username() + "/streams-log/versions/" + version + "/log")
                .then().statusCode(200).contentType(containsString("text/event-stream"))
                .extract().asString();
        assertTrue(stream.contains("tick 0") && stream.contains("tick 4"), stream);
        assertTrue(stream.indexOf("tick 0") < stream.indexOf("tick 4"));
        assertEquals("complete", KernelFixtures.awaitFinished(ivy, "streams-log", version, RUN).get("status"));
    }

    @Test
    void anotherKernelsOutputIsMountedReadOnlyAsAnInput() {
        Account jo = TestAccounts.signUp("jo");
        int producer = KernelFixtures.push(jo, "makes-features", KernelFixtures.script(
                "open('/kaggle/working/features.csv', 'w').write('id,f\\n1,0.5\\n')"));
        assertEquals("complete", KernelFixtures.awaitFinished(jo, "makes-features", producer, RUN).get("status"));
        Map<String, Object> push = KernelFixtures.script(
                "print(open('/kaggle/input/makes-features/features.csv').read().splitlines()[1])");
        push.put("kernel_sources", List.of(jo.username() + "/makes-features"));
        int consumer = KernelFixtures.push(jo, "uses-features", push);
        Map<String, Object> v = KernelFixtures.awaitFinished(jo, "uses-features", consumer, RUN);
        assertEquals("complete", v.get("status"), String.valueOf(v));
        assertEquals(List.of(Map.of("mount", "makes-features", "kind", "kernel", "ref", jo.username() + "/makes-features",
                "version", producer)), v.get("inputs"));
        as(jo).get("/api/kernels/" + jo.username() + "/uses-features/versions/" + consumer + "/log").then()
                .body("data", hasItem("1,0.5"));
    }
}
