package org.kernelforge.identity;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@TestProfile(KeycloakEnabledProfile.class)
class KeycloakSingleSignOnTest {

    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    String realmUrl;

    private String token(String username, String password) {
        return given().baseUri(realmUrl).port(-1)
                .formParam("grant_type", "password")
                .formParam("client_id", "kernelforge-web")
                .formParam("client_secret", "kernelforge-web-secret")
                .formParam("username", username)
                .formParam("password", password)
                .post("/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }

    @Test
    void bearerTokenFromKeycloakIdentifiesTheUserAndMapsRealmRoles() {
        given().auth().oauth2(token("kc-olivia", "olivia-pass"))
                .get("/api/me").then().statusCode(200)
                .body("username", equalTo("kc-olivia"))
                .body("singleSignOn", equalTo(true))
                .body("roles", hasItems("user", "organizer"));
        given().auth().oauth2(token("kc-alice", "alice-pass"))
                .get("/api/me").then().statusCode(200)
                .body("username", equalTo("kc-alice"))
                .body("roles", hasItem("user"))
                .body("roles", not(hasItem("organizer")));
    }

    @Test
    void theFirstRequestsOfANewKeycloakAccountArrivingTogetherAllSucceed() throws Exception {
        String token = token("kc-alice", "alice-pass");
        QuarkusTransaction.requiringNew().run(() -> User.delete("username", "kc-alice")); // a first sign-in again
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Response>> sent = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                sent.add(pool.submit(() -> {
                    start.await();
                    return given().auth().oauth2(token).get("/api/me");
                }));
            }
            start.countDown();
            for (Future<Response> answer : sent) {
                Response me = answer.get(60, TimeUnit.SECONDS);
                assertEquals(200, me.statusCode(), me.asString());
                assertEquals("kc-alice", me.path("username"));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1L, QuarkusTransaction.requiringNew().call(() -> User.count("username", "kc-alice")));
    }

    @Test
    void aForgedBearerTokenIsRefused() {
        given().auth().oauth2("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")
                .get("/api/me").then().statusCode(401);
    }

    @Test
    void localAccountsKeepWorkingBesideSingleSignOn() {
        var local = org.kernelforge.TestAccounts.signUp("local");
        given().auth().preemptive().basic(local.username(), local.key())
                .get("/api/me").then().statusCode(200).body("username", equalTo(local.username()));
    }

    @Test
    void browserSignsInThroughTheAuthorizationCodeFlow() {
        Map<String, String> appCookies = new HashMap<>();
        Response start = given().redirects().follow(false).get("/auth/keycloak");
        assertEquals(302, start.statusCode());
        appCookies.putAll(start.getCookies());
        String authorize = start.header("Location");
        assertTrue(authorize.startsWith(realmUrl + "/protocol/openid-connect/auth"), authorize);

        Response loginPage = RestAssured.given().redirects().follow(false).urlEncodingEnabled(false).get(authorize);
        assertEquals(200, loginPage.statusCode());
        Matcher action = Pattern.compile("action=\"([^\"]+)\"").matcher(loginPage.body().asString());
        assertTrue(action.find(), "Keycloak's login form");
        Response loggedIn = RestAssured.given().redirects().follow(false).urlEncodingEnabled(false)
                .cookies(loginPage.getCookies())
                .contentType("application/x-www-form-urlencoded")
                .body("username=kc-alice&password=alice-pass&credentialId=")
                .post(action.group(1).replace("&amp;", "&"));
        assertEquals(302, loggedIn.statusCode(), loggedIn.body().asString());
        String callback = loggedIn.header("Location");

        Response back = RestAssured.given().redirects().follow(false).urlEncodingEnabled(false)
                .cookies(appCookies).get(callback);
        appCookies.putAll(back.getCookies());
        assertTrue(appCookies.keySet().stream().anyMatch(c -> c.startsWith("q_session")), "OIDC session cookie " + appCookies);

        given().cookies(appCookies).get("/api/me").then().statusCode(200).body("username", equalTo("kc-alice"));
    }
}
