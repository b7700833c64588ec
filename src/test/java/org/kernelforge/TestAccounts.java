package org.kernelforge;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Creates accounts through the public API, the way a person or program would. */
public final class TestAccounts {

    public static final String PASSWORD = "correct horse battery";

    private TestAccounts() {
    }

    /** A signed-up user with a session cookie and an API key. */
    public record Account(String username, String sessionCookie, String key) {

        /** A request authenticated with the API key as HTTP Basic, as the Kaggle client sends it. */
        public RequestSpecification given() {
            return RestAssured.given().auth().preemptive().basic(username, key);
        }
    }

    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static Account signUp(String prefix) {
        String username = uniqueName(prefix);
        String cookie = given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", PASSWORD, "email", username + "@example.org"))
                .post("/api/auth/signup")
                .then().statusCode(201)
                .extract().cookie("kf_session");
        String key = given().cookie("kf_session", cookie)
                .post("/api/me/api-keys")
                .then().statusCode(201)
                .extract().path("key");
        return new Account(username, cookie, key);
    }
}
