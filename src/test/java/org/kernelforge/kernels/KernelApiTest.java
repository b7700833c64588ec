package org.kernelforge.kernels;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernelforge.kernels.KernelFixtures.as;

/** Pushes, settings, visibility, forks and diffs; quick saves, so nothing here waits for a container. */
@QuarkusTest
class KernelApiTest {

    private static Map<String, Object> quick(String source) {
        Map<String, Object> push = KernelFixtures.script(source);
        push.put("mode", "quick");
        return push;
    }

    @Test
    void firstPushCreatesAPrivateKernelWithKaggleSettings() {
        Account ann = TestAccounts.signUp("ann");
        as(ann).contentType(ContentType.JSON).body(quick("print(1)"))
                .post("/api/kernels/" + ann.username() + "/first-kernel/versions")
                .then().statusCode(202)
                .header("Location", containsString("/versions/1"))
                .body("ref", equalTo(ann.username() + "/first-kernel"))
                .body("version", equalTo(1))
                .body("status", equalTo("complete"))
                .body("url", containsString("/kernels/" + ann.username() + "/first-kernel/versions/1"));
        as(ann).get("/api/kernels/" + ann.username() + "/first-kernel").then().statusCode(200)
                .body("settings.is_private", equalTo(true))
                .body("settings.enable_internet", equalTo(false))
                .body("settings.kernel_type", equalTo("script"))
                .body("settings.docker_image", notNullValue())
                .body("source", equalTo("print(1)"))
                .body("versions[0].version", equalTo(1));
    }

    @Test
    void aPrivateKernelIsNotFoundForEveryoneElseOnEveryRoute() {
        Account owner = TestAccounts.signUp("own");
        Account other = TestAccounts.signUp("oth");
        KernelFixtures.push(owner, "secret-kernel", quick("print('secret')"));
        String base = "/api/kernels/" + owner.username() + "/secret-kernel";
        for (String path : List.of(base, base + "/versions/1", base + "/versions/latest", base + "/versions/1/source",
                base + "/versions/1/log", base + "/versions/1/output", base + "/versions/1/output.zip",
                base + "/versions/1/output/x.csv", base + "/versions/1/notebook.html", base + "/versions/1/notebook.ipynb", base + "/versions/1/diff/1",
                base + "/draft")) {
            as(other).get(path).then().statusCode(404).contentType("application/problem+json");
            given().get(path).then().statusCode(404);
        }
        as(other).post(base + "/versions/1/cancel").then().statusCode(404);
        as(other).contentType(ContentType.JSON).body(Map.of("slug", "stolen-copy")).post(base + "/fork").then().statusCode(404);
        as(other).get("/api/kernels?search=secret-kernel").then().statusCode(200)
                .body("items.ref", not(hasItem(owner.username() + "/secret-kernel")));
        as(owner).get("/api/kernels?search=secret-kernel").then().statusCode(200)
                .body("items.ref", hasItem(owner.username() + "/secret-kernel"));
    }

    @Test
    void publicKernelsAreListedAndReadableByAnyone() {
        Account pat = TestAccounts.signUp("pat");
        Map<String, Object> push = quick("print('hello')");
        push.put("is_private", false);
        KernelFixtures.push(pat, "open-kernel", push);
        given().get("/api/kernels?owner=" + pat.username()).then().statusCode(200)
                .body("items.ref", hasItem(pat.username() + "/open-kernel"));
        given().get("/api/kernels/" + pat.username() + "/open-kernel/versions/1/source").then().statusCode(200)
                .body(equalTo("print('hello')"));
    }

    @Test
    void anInputTheCallerMayNotReadIsRefusedByName() {
        Account alice = TestAccounts.signUp("ali");
        Account bob = TestAccounts.signUp("bob");
        KernelFixtures.dataset(alice, "private-data", "p.csv", "a\n1\n", true);
        Map<String, Object> push = quick("print(1)");
        push.put("dataset_sources", List.of(alice.username() + "/private-data"));
        as(bob).contentType(ContentType.JSON).body(push)
                .post("/api/kernels/" + bob.username() + "/reads-private/versions")
                .then().statusCode(400)
                .body("field", equalTo("dataset_sources"))
                .body("detail", containsString(alice.username() + "/private-data"));
        as(bob).get("/api/kernels/" + bob.username() + "/reads-private").then().statusCode(404);

        push.put("dataset_sources", List.of());
        push.put("kernel_sources", List.of("nobody-here/missing-kernel"));
        as(bob).contentType(ContentType.JSON).body(push)
                .post("/api/kernels/" + bob.username() + "/reads-private/versions")
                .then().statusCode(400).body("field", equalTo("kernel_sources"))
                .body("detail", containsString("nobody-here/missing-kernel"));
    }

    @Test
    void badPushesNameTheField() {
        Account val = TestAccounts.signUp("val");
        String url = "/api/kernels/" + val.username() + "/bad-pushes/versions";
        Map<String, Object> push = quick("print(1)");
        push.put("kernel_type", "spreadsheet");
        as(val).contentType(ContentType.JSON).body(push).post(url).then().statusCode(400).body("field", equalTo("kernel_type"));
        push = quick("print(1)");
        push.put("language", "rmarkdown");
        as(val).contentType(ContentType.JSON).body(push).post(url).then().statusCode(400).body("field", equalTo("language"))
                .body("detail", containsString("'python' or 'r'"));
        push = quick("print(1)");
        push.put("session_timeout_seconds", 10_000_000);
        as(val).contentType(ContentType.JSON).body(push).post(url).then().statusCode(400)
                .body("field", equalTo("session_timeout_seconds"));
        push = quick("print(1)");
        push.put("session_timeout_seconds", 0);
        as(val).contentType(ContentType.JSON).body(push).post(url).then().statusCode(400)
                .body("field", equalTo("session_timeout_seconds"))
                .body("detail", equalTo("session_timeout_seconds must be at least 1, not 0"));
        push = quick("print(1)");
        push.put("title", "   ");
        as(val).contentType(ContentType.JSON).body(push).post(url).then().statusCode(400).body("field", equalTo("title"))
                .body("detail", equalTo("The title must have 1 to 100 characters"));
        push = quick("print(1)");
        push.put("docker_image", "someone/else:latest");
        as(val).contentType(ContentType.JSON).body(push).post(url).then().statusCode(400).body("field", equalTo("docker_image"));
        push = quick("print(1)");
        push.put("mode", "later");
        as(val).contentType(ContentType.JSON).body(push).post(url).then().statusCode(400).body("field", equalTo("mode"));
        Map<String, Object> nb = KernelFixtures.notebook(List.of());
        nb.put("source", "{not a notebook");
        as(val).contentType(ContentType.JSON).body(nb).post(url).then().statusCode(400).body("field", equalTo("source"));
        as(val).contentType(ContentType.JSON).body(quick("print(1)"))
                .post("/api/kernels/" + val.username() + "/abc/versions").then().statusCode(400).body("field", equalTo("slug"));
        Account other = TestAccounts.signUp("oth");
        as(val).contentType(ContentType.JSON).body(quick("print(1)"))
                .post("/api/kernels/" + other.username() + "/not-mine/versions").then().statusCode(403);
        given().contentType(ContentType.JSON).body(quick("print(1)")).post(url).then().statusCode(401);
        as(val).get("/api/kernels/" + val.username() + "/bad-pushes").then().statusCode(404);
    }

    @Test
    void eachVersionKeepsItsSourceAndTheDiffShowsWhatChanged() {
        Account dan = TestAccounts.signUp("dan");
        KernelFixtures.push(dan, "diffed-kernel", quick("a = 1\nb = 2\nprint(a + b)\n"));
        KernelFixtures.push(dan, "diffed-kernel", quick("a = 1\nb = 3\nprint(a + b)\n"));
        String base = "/api/kernels/" + dan.username() + "/diffed-kernel/versions/";
        as(dan).get(base + "1/source").then().body(containsString("b = 2"));
        as(dan).get(base + "2/source").then().body(containsString("b = 3"));
        as(dan).get(base + "1/diff/2").then().statusCode(200)
                .body("hunks.size()", equalTo(1))
                .body("hunks[0].aStart", equalTo(2))
                .body("hunks[0].removed", equalTo(List.of("b = 2")))
                .body("hunks[0].added", equalTo(List.of("b = 3")));
        String f1 = as(dan).get(base + "1").then().extract().path("fingerprint");
        String f2 = as(dan).get(base + "2").then().extract().path("fingerprint");
        assertNotEquals(f1, f2);
    }

    @Test
    void notebookDiffsAreCellByCell() {
        Account nia = TestAccounts.signUp("nia");
        Map<String, Object> v1 = KernelFixtures.notebook(List.of(KernelFixtures.code("x = 1"), KernelFixtures.code("print(x)")));
        v1.put("mode", "quick");
        Map<String, Object> v2 = KernelFixtures.notebook(List.of(KernelFixtures.code("x = 1"), KernelFixtures.code("print(x * 2)"),
                KernelFixtures.code("print('new')")));
        v2.put("mode", "quick");
        KernelFixtures.push(nia, "cells-diff", v1);
        KernelFixtures.push(nia, "cells-diff", v2);
        as(nia).get("/api/kernels/" + nia.username() + "/cells-diff/versions/1/diff/2").then().statusCode(200)
                .body("cells.size()", equalTo(2))
                .body("cells[0].change", equalTo("modified"))
                .body("cells[0].cell", equalTo(2))
                .body("cells[1].change", equalTo("added"))
                .body("cells[1].cell", equalTo(3));
    }

    @Test
    void aForkIsACopyOwnedByTheCallerThatRemembersItsParent() {
        Account src = TestAccounts.signUp("src");
        Account cpy = TestAccounts.signUp("cpy");
        Map<String, Object> push = quick("print('original')");
        push.put("is_private", false);
        KernelFixtures.push(src, "to-be-forked", push);
        as(cpy).contentType(ContentType.JSON).body(Map.of("slug", "my-fork"))
                .post("/api/kernels/" + src.username() + "/to-be-forked/fork")
                .then().statusCode(201)
                .body("ref", equalTo(cpy.username() + "/my-fork"))
                .body("forkedFrom", equalTo(src.username() + "/to-be-forked/1"))
                .body("source", equalTo("print('original')"))
                .body("settings.is_private", equalTo(true));
        as(cpy).contentType(ContentType.JSON).body(Map.of("slug", "my-fork"))
                .post("/api/kernels/" + src.username() + "/to-be-forked/fork").then().statusCode(409).body("field", equalTo("slug"));
        int v = KernelFixtures.push(cpy, "my-fork", quick("print('changed')"));
        assertEquals(1, v);
    }

    @Test
    void aQueuedVersionSaysHowManyAreAheadAndCanBeCancelledBeforeItStarts() {
        Account q = TestAccounts.signUp("que");
        Map<String, Object> sleeper = KernelFixtures.script("import time\ntime.sleep(30)");
        List<Integer> versions = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            versions.add(KernelFixtures.push(q, "queue-depth", sleeper));
        }
        int last = versions.get(3);
        Map<String, Object> v = as(q).get("/api/kernels/" + q.username() + "/queue-depth/versions/" + last)
                .then().statusCode(200).extract().as(Map.class);
        assertEquals("queued", v.get("status"));
        assertTrue(((Number) v.get("queuePosition")).intValue() >= 1, "versions ahead: " + v.get("queuePosition"));
        for (int version : versions) {
            as(q).post("/api/kernels/" + q.username() + "/queue-depth/versions/" + version + "/cancel").then().statusCode(202);
        }
        for (int version : versions) {
            assertEquals("cancelled", KernelFixtures.awaitFinished(q, "queue-depth", version, Duration.ofSeconds(60)).get("status"));
        }
        as(q).get("/api/kernels/" + q.username() + "/queue-depth/versions/" + last).then()
                .body("queuePosition", nullValue());
    }

    @Test
    void aQuickSaveHasNoOutputSoItCannotBeAnotherKernelsInput() {
        Account kim = TestAccounts.signUp("kim");
        KernelFixtures.push(kim, "only-quick", quick("print(1)"));
        Map<String, Object> push = quick("print(2)");
        push.put("kernel_sources", List.of(kim.username() + "/only-quick"));
        as(kim).contentType(ContentType.JSON).body(push)
                .post("/api/kernels/" + kim.username() + "/reads-quick/versions")
                .then().statusCode(400)
                .body("field", equalTo("kernel_sources"))
                .body("detail", containsString("no version that ran to completion"));
        push.put("kernel_sources", List.of(kim.username() + "/only-quick/1"));
        as(kim).contentType(ContentType.JSON).body(push)
                .post("/api/kernels/" + kim.username() + "/reads-quick/versions")
                .then().statusCode(400).body("field", equalTo("kernel_sources"));
    }
}
