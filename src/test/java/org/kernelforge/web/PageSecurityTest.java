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

    static String token(String html) {
        Matcher m = TOKEN.matcher(html);
        if (!m.find()) {
            throw new AssertionError("no form token in the page");
        }
        return m.group(1);
    }
}
