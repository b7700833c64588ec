package org.kernelforge.kernels;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.kernelforge.kernels.KernelFixtures.as;

/** The editor's drafts (private to the owner, cleared by a commit), the deployment's capabilities and the pushes they refuse. */
@QuarkusTest
class KernelDraftTest {

    private static Map<String, Object> draft(String source) {
        return Map.of("source", source, "settings", Map.of("title", "Draft title", "enable_gpu", false));
    }

    private static Map<String, Object> quick(String source) {
        Map<String, Object> push = KernelFixtures.script(source);
        push.put("mode", "quick");
        return push;
    }

    @Test
    void theOwnersDraftIsSavedReadAndDiscarded() {
        Account ann = TestAccounts.signUp("ann");
        String url = "/api/kernels/" + ann.username() + "/not-pushed-yet/draft";
        as(ann).get(url).then().statusCode(404).contentType("application/problem+json");
        as(ann).contentType(ContentType.JSON).body(draft("print('typed')")).put(url).then().statusCode(200)
                .body("saved_at", notNullValue());
        as(ann).get(url).then().statusCode(200)
                .body("source", equalTo("print('typed')"))
                .body("settings.title", equalTo("Draft title"))
                .body("saved_at", notNullValue());
        as(ann).contentType(ContentType.JSON).body(draft("print('typed more')")).put(url).then().statusCode(200);
        as(ann).get(url).then().body("source", equalTo("print('typed more')"));
        as(ann).delete(url).then().statusCode(204);
        as(ann).get(url).then().statusCode(404);
    }

    @Test
    void draftsAreNotFoundForOtherUsersAndAdministrators() {
        Account ann = TestAccounts.signUp("ann");
        Account bob = TestAccounts.signUp("bob");
        KernelFixtures.push(ann, "shared-kernel", quick("print(1)"));
        as(ann).get("/api/kernels/" + ann.username() + "/shared-kernel").then().statusCode(200);
        String url = "/api/kernels/" + ann.username() + "/shared-kernel/draft";
        as(ann).contentType(ContentType.JSON).body(draft("secret work")).put(url).then().statusCode(200);

        for (Account other : List.of(bob, TestAccounts.admin())) {
            as(other).get(url).then().statusCode(404).contentType("application/problem+json")
                    .body("detail", not(containsString("secret")));
            as(other).contentType(ContentType.JSON).body(draft("overwritten")).put(url).then().statusCode(404);
            as(other).delete(url).then().statusCode(404);
        }
        given().get(url).then().statusCode(404);
        as(ann).get(url).then().statusCode(200).body("source", equalTo("secret work"));
    }

    @Test
    void aCommitClearsTheDraftItStartedFrom() {
        Account cid = TestAccounts.signUp("cid");
        String url = "/api/kernels/" + cid.username() + "/committed-draft/draft";
        as(cid).contentType(ContentType.JSON).body(draft("print('from the draft')")).put(url).then().statusCode(200);
        KernelFixtures.push(cid, "committed-draft", quick("print('from the draft')"));
        as(cid).get(url).then().statusCode(404);
    }

    @Test
    void aDraftNeedsASourceAndAValidSlug() {
        Account dee = TestAccounts.signUp("dee");
        as(dee).contentType(ContentType.JSON).body(Map.of("settings", Map.of()))
                .put("/api/kernels/" + dee.username() + "/no-source/draft")
                .then().statusCode(400).contentType("application/problem+json").body("field", equalTo("source"));
        as(dee).contentType(ContentType.JSON).body(draft("x"))
                .put("/api/kernels/" + dee.username() + "/No_Slug/draft")
                .then().statusCode(400).body("field", equalTo("slug"));
    }

    @Test
    void capabilitiesSayWhatTheDeploymentProvides() {
        // the test engine has no NVIDIA runtime and the test profile offers no internet
        given().get("/api/platform/capabilities").then().statusCode(200)
                .body("gpu", equalTo(false))
                .body("internet", equalTo(false))
                .body("reasons.gpu", containsString("no GPU"))
                .body("reasons.internet", containsString("Internet access is not available"));
    }

    @Test
    void aFirstPushAskingForInternetCreatesNoKernel() {
        Account fay = TestAccounts.signUp("fay");
        Map<String, Object> push = quick("import urllib.request");
        push.put("enable_internet", true);
        as(fay).contentType(ContentType.JSON).body(push).post("/api/kernels/" + fay.username() + "/wants-net/versions")
                .then().statusCode(400).body("field", equalTo("enable_internet"))
                .body("detail", containsString("Internet access is not available"));
        as(fay).get("/api/kernels/" + fay.username() + "/wants-net").then().statusCode(404);
    }

    @Test
    void markdownPreviewsEscapeRawHtml() {
        Account gil = TestAccounts.signUp("gil");
        as(gil).contentType("text/plain").body("## Title\n\nSome *soft* text\n\n<script>alert(1)</script>")
                .post("/api/markdown/preview").then().statusCode(200)
                .body(allOf(containsString("<h2>Title</h2>"), containsString("&lt;script&gt;"), containsString("<em>soft</em>"),
                        not(containsString("<script>"))));
    }

    @Test
    void aQuickSavedNotebookHasNoExecutedNotebookToDownload() {
        Account hal = TestAccounts.signUp("hal");
        Map<String, Object> push = KernelFixtures.notebook(List.of(KernelFixtures.code("1 + 1")));
        push.put("mode", "quick");
        KernelFixtures.push(hal, "quick-notebook", push);
        as(hal).get("/api/kernels/" + hal.username() + "/quick-notebook/versions/1/notebook.ipynb")
                .then().statusCode(404).contentType("application/problem+json").body("detail", containsString("did not run"));
        as(hal).get("/api/kernels/" + hal.username() + "/quick-notebook/versions/1/source")
                .then().statusCode(200).body(containsString("\"cells\""));
    }
}
