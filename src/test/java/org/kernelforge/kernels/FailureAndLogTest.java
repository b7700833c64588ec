package org.kernelforge.kernels;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernelforge.kernels.KernelFixtures.as;

/** A failed version names the exception and where it was raised; its log reads as lines, plain or coloured. */
@QuarkusTest
class FailureAndLogTest {

    private static final Duration RUN = Duration.ofSeconds(90);
    static final String FAILING_SCRIPT = """
            print('one')
            print('two')
            import pandas as pd
            df = pd.DataFrame({'a': [1]})

            x = df['Age']
            """;

    @Test
    void aFailingScriptNamesItsExceptionAndTheLineOfTheScript() {
        Account ann = TestAccounts.signUp("ann");
        int version = KernelFixtures.push(ann, "key-error", KernelFixtures.script(FAILING_SCRIPT));
        Map<String, Object> v = KernelFixtures.awaitFinished(ann, "key-error", version, RUN);
        Map<?, ?> failure = (Map<?, ?>) v.get("failure");
        assertEquals("exception", failure.get("kind"));
        assertEquals("KeyError: 'Age' at line 6", failure.get("message"));
        assertEquals(Map.of("line", 6), failure.get("location"));

        String api = "/api/kernels/" + ann.username() + "/key-error/versions/" + version;
        String plain = as(ann).accept("text/plain").get(api + "/log").then().statusCode(200)
                .contentType(containsString("text/plain")).extract().asString();
        assertTrue(plain.startsWith("one\ntwo\n"), plain);
        assertTrue(plain.contains("File \"/kaggle/src/__script__.py\", line 6, in <module>"), plain);
        assertTrue(plain.strip().endsWith("KeyError: 'Age'"), plain);
        assertFalse(plain.contains(".runner"), "the runner's own frames are not in the traceback: " + plain);

        List<Map<String, Object>> json = as(ann).get(api + "/log").then().statusCode(200).extract().path("$");
        assertEquals(Map.of("stream_name", "stdout", "data", "one"), Map.of("stream_name", json.get(0).get("stream_name"),
                "data", json.get(0).get("data")), "JSON stays the default for any Accept");
        assertTrue(json.stream().anyMatch(e -> "stderr".equals(e.get("stream_name"))), "the traceback is on stderr");
        as(ann).get(api + "/log.txt").then().statusCode(200)
                .header("Content-Disposition", containsString("attachment")).body(containsString("one\ntwo\n"));
    }

    @Test
    void aFailingNotebookNamesTheExceptionItsCellAndLineWithoutPlatformNoise() {
        Account bo = TestAccounts.signUp("bo");
        int version = KernelFixtures.push(bo, "nb-key-error", KernelFixtures.notebook(List.of(
                Map.of("cell_type", "markdown", "source", "# Survival", "metadata", Map.of()),
                KernelFixtures.code("import pandas as pd\ndf = pd.DataFrame({'a': [1]})"),
                KernelFixtures.code("print('before')\nages = df['Age']\nprint('after')"),
                KernelFixtures.code("print('never')"))));
        Map<String, Object> v = KernelFixtures.awaitFinished(bo, "nb-key-error", version, RUN);
        Map<?, ?> failure = (Map<?, ?>) v.get("failure");
        assertEquals("exception", failure.get("kind"));
        assertEquals("KeyError: 'Age' in cell 3 (line 2)", failure.get("message"));
        assertEquals(Map.of("cell", 3, "line", 2), failure.get("location"));

        String api = "/api/kernels/" + bo.username() + "/nb-key-error/versions/" + version;
        List<String> data = as(bo).get(api + "/log").then().statusCode(200).extract().path("data");
        assertTrue(data.stream().anyMatch(line -> line.contains("\u001b[")), "IPython's traceback keeps its colours in JSON");
        assertFalse(String.join("\n", data).contains("Warning"), "no platform warning in the user's log: " + data);
        String plain = as(bo).accept("text/plain").get(api + "/log").then().statusCode(200).extract().asString();
        assertFalse(plain.contains("\u001b"), "no escape codes in the plain log");
        assertTrue(plain.startsWith("before\n"), plain);
        assertTrue(plain.contains("KeyError: 'Age'"), plain);
        as(bo).get(api + "/notebook.html").then().statusCode(200)
                .body(containsString("id=\"cell-3\""), not(containsString("never\n")));
        as(bo).get(api + "/notebook.ipynb").then().statusCode(200)
                .header("Content-Disposition", containsString("attachment"))
                .body(containsString("\"outputs\""), containsString("KeyError"));
    }

    @Test
    void aScriptThatExitsWithACodeIsReportedByItsCode() {
        Account cy = TestAccounts.signUp("cy");
        int version = KernelFixtures.push(cy, "exits", KernelFixtures.script("import sys\nprint('bye')\nsys.exit(3)"));
        Map<?, ?> failure = (Map<?, ?>) KernelFixtures.awaitFinished(cy, "exits", version, RUN).get("failure");
        assertEquals("The kernel failed with exit code 3", failure.get("message"));
        assertNull(failure.get("location"));
    }

    @Test
    void theLastOutputWithoutALineBreakReachesTheStoredLogTheApiAndThePlainLog() {
        Account di = TestAccounts.signUp("di");
        int version = KernelFixtures.push(di, "tails", KernelFixtures.script(
                "import sys, time\nprint('head')\nsys.stdout.write('no newline at end')\nsys.stderr.write('err tail')\ntime.sleep(1)"));
        assertEquals("complete", KernelFixtures.awaitFinished(di, "tails", version, RUN).get("status"));
        assertTailsEverywhere(di, "tails", version, "head");
    }

    @Test
    void theLastOutputOfANotebookWithoutALineBreakReachesTheLog() {
        Account ed = TestAccounts.signUp("ed");
        int version = KernelFixtures.push(ed, "nb-tails", KernelFixtures.notebook(List.of(
                KernelFixtures.code("print('head')"),
                KernelFixtures.code("import sys\nsys.stdout.write('no newline at end')\nsys.stderr.write('err tail')"))));
        assertEquals("complete", KernelFixtures.awaitFinished(ed, "nb-tails", version, RUN).get("status"));
        assertTailsEverywhere(ed, "nb-tails", version, "head");
    }

    private static void assertTailsEverywhere(Account owner, String slug, int version, String head) {
        String api = "/api/kernels/" + owner.username() + "/" + slug + "/versions/" + version;
        String stored = QuarkusTransaction.requiringNew().call(() -> KernelVersion.<KernelVersion>find(
                "kernel.ownerName = ?1 and kernel.slug = ?2 and number = ?3", owner.username(), slug, version)
                .firstResult().logText);
        assertTrue(stored.contains("\"data\":\"no newline at end\""), stored);
        assertTrue(stored.contains("\"data\":\"err tail\""), stored);
        List<Map<String, Object>> json = as(owner).get(api + "/log").then().statusCode(200).extract().path("$");
        assertTrue(json.contains(Map.of("stream_name", "stdout", "time", json.get(0).get("time"), "data", head)), json.toString());
        assertTrue(json.stream().anyMatch(e -> "stdout".equals(e.get("stream_name")) && "no newline at end".equals(e.get("data"))),
                json.toString());
        assertTrue(json.stream().anyMatch(e -> "stderr".equals(e.get("stream_name")) && "err tail".equals(e.get("data"))),
                json.toString());
        String plain = as(owner).get(api + "/log.txt").then().statusCode(200).extract().asString();
        assertTrue(plain.contains("no newline at end\n") && plain.contains("err tail\n"), plain);
    }
}
