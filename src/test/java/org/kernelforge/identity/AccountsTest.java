package org.kernelforge.identity;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class AccountsTest {

    @Test
    void signUpSignsInAndTheSessionCookieIdentifiesTheCaller() {
        Account alice = TestAccounts.signUp("alice");
        given().cookie("kf_session", alice.sessionCookie())
                .get("/api/me")
                .then().statusCode(200)
                .body("username", equalTo(alice.username()))
                .body("roles", hasItem("user"));
    }

    @Test
    void signInWithPasswordGivesAWorkingSessionCookie() {
        Account bob = TestAccounts.signUp("bob");
        String cookie = given().contentType(ContentType.JSON)
                .body(Map.of("username", bob.username(), "password", TestAccounts.PASSWORD))
                .post("/api/auth/signin")
                .then().statusCode(200)
                .header("Set-Cookie", containsString("HttpOnly"))
                .extract().cookie("kf_session");
        given().cookie("kf_session", cookie).get("/api/me").then().statusCode(200).body("username", equalTo(bob.username()));
    }

    @Test
    void wrongPasswordIsRefusedWithAProblem() {
        Account carol = TestAccounts.signUp("carol");
        given().contentType(ContentType.JSON)
                .body(Map.of("username", carol.username(), "password", "not the password"))
                .post("/api/auth/signin")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("detail", equalTo("Wrong username or password"));
    }

    @Test
    void passwordsAreStoredAsBcryptHashes() {
        Account dave = TestAccounts.signUp("dave");
        String hash = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> User.findByUsername(dave.username()).orElseThrow().passwordHash);
        assertTrue(hash.startsWith("$2"), "bcrypt hash expected, got " + hash);
        assertNotEquals(TestAccounts.PASSWORD, hash);
    }

    @Test
    void apiKeyAuthenticatesAsHttpBasicAndStopsWorkingWhenRevoked() {
        Account erin = TestAccounts.signUp("erin");
        given().auth().preemptive().basic(erin.username(), erin.key())
                .get("/api/me").then().statusCode(200).body("username", equalTo(erin.username()));

        int id = given().cookie("kf_session", erin.sessionCookie()).get("/api/me/api-keys")
                .then().statusCode(200).body("$", hasSize(1))
                .body("[0].hint", equalTo("…" + erin.key().substring(erin.key().length() - 4)))
                .extract().path("[0].id");
        given().cookie("kf_session", erin.sessionCookie()).delete("/api/me/api-keys/" + id).then().statusCode(204);

        given().auth().preemptive().basic(erin.username(), erin.key())
                .get("/api/me").then().statusCode(401)
                .contentType("application/problem+json")
                .body("detail", containsString("revoked"));
    }

    @Test
    void apiKeyIsTheContentOfAKaggleJsonAndStoredOnlyAsAHash() {
        Account frank = TestAccounts.signUp("frank");
        Map<String, Object> issued = given().cookie("kf_session", frank.sessionCookie())
                .post("/api/me/api-keys").then().statusCode(201)
                .body("username", equalTo(frank.username()))
                .body("key", notNullValue())
                .extract().as(Map.class);
        String key = (String) issued.get("key");
        long stored = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> ApiKey.count("keyHash", key));
        assertEquals(0, stored, "the raw key must never be stored");
    }

    @Test
    void aKeyOfOneUserDoesNotWorkWithAnotherUsername() {
        Account grace = TestAccounts.signUp("grace");
        Account heidi = TestAccounts.signUp("heidi");
        given().auth().preemptive().basic(heidi.username(), grace.key())
                .get("/api/me").then().statusCode(401);
    }

    @Test
    void anonymousCallerOfMeGets401Problem() {
        given().get("/api/me").then().statusCode(401)
                .contentType("application/problem+json")
                .body("detail", containsString("API key"));
    }

    @Test
    void staleSessionCookieIsAnonymousNotAnError() {
        given().cookie("kf_session", "0".repeat(64)).get("/q/health/live").then().statusCode(200);
        given().cookie("kf_session", "0".repeat(64)).get("/api/me").then().statusCode(401);
    }

    @Test
    void signOutEndsTheSession() {
        Account ivan = TestAccounts.signUp("ivan");
        given().cookie("kf_session", ivan.sessionCookie()).post("/api/auth/signout").then().statusCode(204);
        given().cookie("kf_session", ivan.sessionCookie()).get("/api/me").then().statusCode(401);
    }

    @Test
    void takenUsernameIsAConflictNamingTheField() {
        Account judy = TestAccounts.signUp("judy");
        given().contentType(ContentType.JSON)
                .body(Map.of("username", judy.username(), "password", "another password", "email", "x@example.org"))
                .post("/api/auth/signup")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("field", equalTo("username"))
                .body("detail", containsString("taken"));
    }

    @Test
    void invalidSignUpFieldsAreNamed() {
        given().contentType(ContentType.JSON)
                .body(Map.of("username", "Bad Name!", "password", "long enough pw", "email", "x@example.org"))
                .post("/api/auth/signup").then().statusCode(400).body("field", equalTo("username"));
        given().contentType(ContentType.JSON)
                .body(Map.of("username", TestAccounts.uniqueName("kim"), "password", "short", "email", "x@example.org"))
                .post("/api/auth/signup").then().statusCode(400).body("field", equalTo("password"));
        given().contentType(ContentType.JSON)
                .body(Map.of("username", TestAccounts.uniqueName("kim"), "password", "long enough pw", "email", "nope"))
                .post("/api/auth/signup").then().statusCode(400).body("field", equalTo("email"));
        given().contentType(ContentType.JSON).body("{not json")
                .post("/api/auth/signup").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", startsWith("The request could not be read"));
    }

    @Test
    void onlyAdminsChangeRoles() {
        Account mallory = TestAccounts.signUp("mallory");
        given().auth().preemptive().basic(mallory.username(), mallory.key())
                .contentType(ContentType.JSON).body(Map.of("roles", java.util.List.of("admin")))
                .put("/api/users/" + mallory.username() + "/roles")
                .then().statusCode(403).contentType("application/problem+json");
    }
}
