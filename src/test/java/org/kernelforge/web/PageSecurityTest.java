package org.kernelforge.web;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Form posts need the page's token; what a caller may not see is a "not found" page. */
@QuarkusTest
class PageSecurityTest {

    private static final Pattern TOKEN = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @Test
    void formPostsWithoutThePagesTokenAreRefused() {
        Account account = TestAccounts.signUp("sec");
        given().cookie("kf_session", account.sessionCookie()).contentType(ContentType.URLENC)
                .post("/account/keys").then().statusCode(403);
        given().cookie("kf_session", account.sessionCookie()).contentType(ContentType.URLENC).formParam("csrf", "forged")
                .post("/account/keys").then().statusCode(403);
        given().contentType(ContentType.URLENC).formParam("username", TestAccounts.uniqueName("sec"))
                .formParam("password", TestAccounts.PASSWORD).post("/signup").then().statusCode(403);
        int keys = given().cookie("kf_session", account.sessionCookie()).get("/api/me/api-keys").then().extract().path("size()");
        assertEquals(1, keys, "no key was created by the refused posts");
    }

    @Test
    void everyFormPostOfThePagesNeedsTheToken() {
        Account a = TestAccounts.signUp("sec");
        String slug = "guarded-" + a.username().substring(4);
        WebFixtures.dataset(a, slug, true);
        WebFixtures.script(a, slug, true, "quick");
        String ref = a.username() + "/" + slug;
        for (String path : new String[]{"/signin", "/signup", "/signout", "/account/keys", "/account/keys/1/revoke",
                "/datasets/" + ref + "/visibility", "/kernels/" + ref + "/fork", "/kernels/" + ref + "/versions/1/cancel"}) {
            given().cookie("kf_session", a.sessionCookie()).contentType(ContentType.URLENC).formParam("isPrivate", "false")
                    .post(path).then().statusCode(403);
        }
        a.given().get("/api/datasets/" + ref).then().body("isPrivate", org.hamcrest.Matchers.equalTo(true));
        a.given().get("/api/kernels?owner=" + a.username()).then().body("total", org.hamcrest.Matchers.equalTo(1));
    }

    @Test
    void aTokenFromOneSessionDoesNotWorkForAnother() {
        Account a = TestAccounts.signUp("sec");
        Account b = TestAccounts.signUp("sec");
        String tokenOfA = token(given().cookie("kf_session", a.sessionCookie()).get("/account").then().statusCode(200)
                .extract().asString());
        given().cookie("kf_session", b.sessionCookie()).contentType(ContentType.URLENC).formParam("csrf", tokenOfA)
                .post("/account/keys").then().statusCode(403);
        given().cookie("kf_session", a.sessionCookie()).contentType(ContentType.URLENC).formParam("csrf", tokenOfA)
                .post("/account/keys").then().statusCode(200).body(containsString("Download kaggle.json"));
    }

    @Test
    void aPostFromAnotherSiteIsRefusedEvenWithTheToken() {
        Account a = TestAccounts.signUp("sec");
        String token = token(given().cookie("kf_session", a.sessionCookie()).get("/account").then().extract().asString());
        given().cookie("kf_session", a.sessionCookie()).header("Origin", "http://evil.example").contentType(ContentType.URLENC)
                .formParam("csrf", token).post("/account/keys").then().statusCode(403);
    }

    @Test
    void withoutSingleSignOnThereIsNoKeycloakLink() {
        given().get("/signin").then().statusCode(200).body(containsString("name=\"username\""), containsString("name=\"password\""),
                not(containsString("/auth/keycloak")));
    }

    @Test
    void pagesAreNotPartOfTheApiDescription() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("/api/datasets"), not(containsString("\"/signin\"")), not(containsString("/kernels/{owner}/{slug}/edit")));
    }

    @Test
    void anonymousVisitorsAreSentToSignInFromTheAccountPage() {
        given().redirects().follow(false).get("/account").then().statusCode(303)
                .header("Location", containsString("/signin?next=%2Faccount"));
    }

    @Test
    void unknownAddressesAreANotFoundPage() {
        given().get("/no/such/page").then().statusCode(404).contentType(containsString("text/html"))
                .body(containsString("Not found"));
        given().get("/api/no/such/thing").then().statusCode(404).contentType(containsString("application/problem+json"));
    }

    @Test
    void signInRedirectsOnlyToThisSite() {
        Account a = TestAccounts.signUp("sec");
        String token = token(given().get("/signin").then().extract().asString());
        given().redirects().follow(false).contentType(ContentType.URLENC).formParam("csrf", token)
                .formParam("username", a.username()).formParam("password", TestAccounts.PASSWORD)
                .formParam("next", "//evil.example/").post("/signin").then().statusCode(303)
                .header("Location", not(containsString("evil")));
    }

    @Test
    void privateDatasetsAndKernelsAreNotFoundForOthersAndListedForNobodyElse() {
        Account a = TestAccounts.signUp("own");
        Account b = TestAccounts.signUp("oth");
        String slug = "secret-" + a.username();
        WebFixtures.dataset(a, slug, true);
        WebFixtures.script(a, slug, true, "quick");
        for (String path : new String[]{"/datasets/" + a.username() + "/" + slug, "/kernels/" + a.username() + "/" + slug,
                "/kernels/" + a.username() + "/" + slug + "/versions/1", "/kernels/" + a.username() + "/" + slug + "/edit",
                "/datasets/" + a.username() + "/" + slug + "/new-version"}) {
            given().cookie("kf_session", b.sessionCookie()).get(path).then().statusCode(404)
                    .contentType(containsString("text/html")).body(containsString("Not found"));
            // visitors: "not found" for pages, the sign-in page for editors (the same whether the kernel exists or not)
            given().redirects().follow(false).get(path).then().statusCode(path.endsWith("edit") ? 303 : 404);
            given().cookie("kf_session", a.sessionCookie()).get(path).then().statusCode(200);
        }
        for (String list : new String[]{"/datasets?search=" + slug, "/kernels?search=" + slug, "/", "/kernels?dataset=" + a.username() + "/" + slug}) {
            given().cookie("kf_session", b.sessionCookie()).get(list).then().statusCode(200)
                    .body(not(containsString("/datasets/" + a.username() + "/" + slug + "\"")))
                    .body(not(containsString("/kernels/" + a.username() + "/" + slug + "\"")));
        }
        given().cookie("kf_session", a.sessionCookie()).get("/datasets?search=" + slug).then()
                .body(containsString("href=\"/datasets/" + a.username() + "/" + slug + "\""));
        given().cookie("kf_session", a.sessionCookie()).get("/kernels?search=" + slug).then()
                .body(containsString("href=\"/kernels/" + a.username() + "/" + slug + "\""));
    }

    static String token(String html) {
        Matcher m = TOKEN.matcher(html);
        if (!m.find()) {
            throw new AssertionError("no form token in the page");
        }
        return m.group(1);
    }
}
