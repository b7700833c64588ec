package org.kernelforge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

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

    /** The admin created at start-up; its API key is in the data dir's initial-admin.json. */
    public static Account admin() {
        try {
            Path file = Path.of(ConfigProvider.getConfig().getValue("kernelforge.data-dir", String.class), "initial-admin.json");
            JsonNode credentials = new ObjectMapper().readTree(file.toFile());
            return new Account(credentials.get("username").asText(), null, credentials.get("key").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new user whom the admin gave the organizer role. */
    public static Account organizer(String prefix) {
        Account account = signUp(prefix);
        admin().given().contentType(ContentType.JSON).body(Map.of("roles", List.of("user", "organizer")))
                .put("/api/users/" + account.username() + "/roles").then().statusCode(200);
        return account;
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
