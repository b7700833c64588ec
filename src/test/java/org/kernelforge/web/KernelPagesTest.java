package org.kernelforge.web;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

/** Kernel pages read through the same services as the API: filters, diffs, outputs, who may edit. */
@QuarkusTest
class KernelPagesTest {

    @Test
    void kernelListFiltersByMinePublicAndDataset() {
        Account a = TestAccounts.signUp("flt");
        Account b = TestAccounts.signUp("flt");
        String data = "data-" + a.username().substring(4);
        WebFixtures.dataset(a, data, false);
        String reads = "reads-" + a.username().substring(4);
        String hidden = "hidden-" + a.username().substring(4);
        String other = "other-" + b.username().substring(4);
        a.given().contentType(ContentType.JSON).body(Map.of("title", reads, "kernel_type", "script", "source", "print(1)",
                "is_private", false, "mode", "quick", "dataset_sources", List.of(a.username() + "/" + data)))
                .post("/api/kernels/" + a.username() + "/" + reads + "/versions").then().statusCode(202);
        WebFixtures.script(a, hidden, true, "quick");
        WebFixtures.script(b, other, false, "quick");

        given().cookie("kf_session", a.sessionCookie()).get("/kernels?show=mine").then().statusCode(200)
                .body(allOf(containsString(reads), containsString(hidden), not(containsString(other))));
        given().cookie("kf_session", a.sessionCookie()).get("/kernels?show=public").then()
                .body(allOf(containsString(reads), containsString(other), not(containsString(hidden))));
        given().cookie("kf_session", a.sessionCookie()).get("/kernels?dataset=" + a.username() + "/" + data).then()
                .body(allOf(containsString(reads), not(containsString(hidden)), not(containsString(other))));
        given().cookie("kf_session", a.sessionCookie()).header("HX-Request", "true").get("/kernels?search=" + reads).then()
                .body(allOf(containsString("id=\"results\""), not(containsString("<html"))));
    }

    @Test
    void diffPageShowsTheChangedLines() {
        Account a = TestAccounts.signUp("dif");
        String slug = "diffs-" + a.username().substring(4);
        for (String line : new String[]{"print('before')", "print('after')"}) {
            a.given().contentType(ContentType.JSON).body(Map.of("title", "Diffs", "kernel_type", "script", "source", line, "mode", "quick"))
                    .post("/api/kernels/" + a.username() + "/" + slug + "/versions").then().statusCode(202);
        }
        given().cookie("kf_session", a.sessionCookie()).get("/kernels/" + a.username() + "/" + slug + "/diff?a=1&b=2").then()
                .statusCode(200).body(allOf(containsString("<span class=\"del\">- print(&#39;before&#39;)"),
                        containsString("<span class=\"add\">+ print(&#39;after&#39;)")));
    }

    @Test
    void versionPageListsOutputFilesWithACsvPreview() throws InterruptedException {
        Account a = TestAccounts.signUp("out");
        String slug = "outputs-" + a.username().substring(4);
        a.given().contentType(ContentType.JSON).body(Map.of("title", "Outputs", "kernel_type", "script",
                        "source", "open('scores.csv', 'w').write('id,score\\n1,0.5\\n2,0.75\\n')\nopen('plot.png', 'wb').write(b'not really a png')"))
                .post("/api/kernels/" + a.username() + "/" + slug + "/versions").then().statusCode(202);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (!"complete".equals(a.given().get("/api/kernels/" + a.username() + "/" + slug + "/versions/1").path("status"))) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the run did not complete");
            }
            Thread.sleep(500);
        }
        given().cookie("kf_session", a.sessionCookie()).get("/kernels/" + a.username() + "/" + slug).then().statusCode(200)
                .body(allOf(containsString("id=\"outputs\""), containsString("scores.csv"), containsString("id=\"output-preview\""),
                        containsString("<small>float</small>"), containsString("/output.zip")));
        given().cookie("kf_session", a.sessionCookie()).get("/kernels/" + a.username() + "/" + slug + "?preview=plot.png").then()
                .statusCode(200).body(allOf(containsString("id=\"output-image\""),
                        containsString("src=\"/api/kernels/" + a.username() + "/" + slug + "/versions/1/output/plot.png\"")));
    }

    @Test
    void theOwnerCancelsARunFromItsPage() throws InterruptedException {
        Account a = TestAccounts.signUp("cnl");
        String slug = "sleeper-" + a.username().substring(4);
        a.given().contentType(ContentType.JSON).body(Map.of("title", "Sleeper", "kernel_type", "script",
                        "source", "import time\ntime.sleep(120)"))
                .post("/api/kernels/" + a.username() + "/" + slug + "/versions").then().statusCode(202);
        String page = given().cookie("kf_session", a.sessionCookie()).get("/kernels/" + a.username() + "/" + slug + "/versions/1")
                .then().statusCode(200).body(containsString("id=\"cancel\"")).extract().asString();
        given().cookie("kf_session", a.sessionCookie()).redirects().follow(false).contentType(ContentType.URLENC)
                .formParam("csrf", PageSecurityTest.token(page))
                .post("/kernels/" + a.username() + "/" + slug + "/versions/1/cancel").then().statusCode(303);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!"cancelled".equals(a.given().get("/api/kernels/" + a.username() + "/" + slug + "/versions/1").path("status"))) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the run was not cancelled");
            }
            Thread.sleep(500);
        }
        given().cookie("kf_session", a.sessionCookie()).get("/kernels/" + a.username() + "/" + slug + "/versions/1/live").then()
                .body(allOf(containsString("Cancelled"), not(containsString("id=\"cancel\"")), not(containsString("hx-trigger"))));
    }

    @Test
    void homeShowsRecentPublicWorkAndTheUsersOwn() {
        Account a = TestAccounts.signUp("hom");
        Account b = TestAccounts.signUp("hom");
        String mine = "mine-" + a.username().substring(4);
        String theirs = "theirs-" + b.username().substring(4);
        WebFixtures.script(a, mine, true, "quick");
        WebFixtures.dataset(b, theirs, false);
        given().cookie("kf_session", a.sessionCookie()).get("/").then().statusCode(200)
                .body(allOf(containsString("href=\"/kernels/" + a.username() + "/" + mine + "\""),
                        containsString("href=\"/datasets/" + b.username() + "/" + theirs + "\"")));
        given().get("/").then().statusCode(200).body(allOf(not(containsString(mine)), containsString(theirs),
                containsString("href=\"/signup\"")));
    }

    @Test
    void othersCannotOpenAnEditorForSomeoneElsesName() {
        Account a = TestAccounts.signUp("edt");
        Account b = TestAccounts.signUp("edt");
        given().cookie("kf_session", b.sessionCookie()).get("/kernels/" + a.username() + "/not-yet-there/edit").then().statusCode(404);
        given().redirects().follow(false).get("/kernels/new").then().statusCode(303).header("Location", containsString("/signin"));
        given().cookie("kf_session", a.sessionCookie()).redirects().follow(false).get("/kernels/start?title=My+first&type=script")
                .then().statusCode(303).header("Location", containsString("/kernels/" + a.username() + "/my-first/edit?type=script"));
    }
}
