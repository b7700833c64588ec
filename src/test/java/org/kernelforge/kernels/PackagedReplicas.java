package org.kernelforge.kernels;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What the integration tests that run several replicas of the packaged PostgreSQL server share: a fresh database of
 * their own beside the test database, and the environment every replica gets (that database, the test object store,
 * no seed data, no warm containers, a short heartbeat timeout).
 */
final class PackagedReplicas {

    static final String JAR = "target/quarkus-app-postgresql/quarkus-run.jar";

    private PackagedReplicas() {
    }

    static String jdbc(String database) {
        return "jdbc:postgresql://127.0.0.1:" + env("KF_TEST_PG_PORT", "5432") + "/" + database;
    }

    /** The name of a database for one test: the test database's name and a suffix. */
    static String databaseNamed(String suffix) {
        return env("KF_TEST_DB", "kernelforge_test") + "_" + suffix;
    }

    /** Drops and creates {@code database}, through the test database. */
    static void freshDatabase(String database) throws Exception {
        try (Connection c = connect(env("KF_TEST_DB", "kernelforge_test")); Statement s = c.createStatement()) {
            s.execute("drop database if exists " + database);
            s.execute("create database " + database);
        }
    }

    static Connection connect(String database) throws Exception {
        return DriverManager.getConnection(jdbc(database), "kernelforge", "kernelforge");
    }

    /** The environment of a replica on {@code database} and {@code bucket}; a map the test may add to. */
    static Map<String, String> environment(String database, String bucket) {
        return new HashMap<>(Map.ofEntries(
                Map.entry("KF_DB_URL", jdbc(database)),
                Map.entry("KF_DB_USER", "kernelforge"),
                Map.entry("KF_DB_PASSWORD", "kernelforge"),
                Map.entry("KF_S3_ENDPOINT", env("KF_TEST_S3_ENDPOINT", "http://127.0.0.1:9100")),
                Map.entry("KF_S3_ACCESS_KEY", "kernelforge-test"),
                Map.entry("KF_S3_SECRET_KEY", "kernelforge-test-secret"),
                Map.entry("KF_S3_BUCKET", bucket),
                Map.entry("KF_SEED_ENABLED", "false"),
                Map.entry("KF_RUNTIME_IMAGE", env("KF_RUNTIME_IMAGE", "kernelforge/python-runtime:latest")),
                // every run in a container of its own: Docker's start events then count the runs of each version
                Map.entry("KF_RUNS_WARM_CONTAINERS", "0"),
                Map.entry("KF_SESSIONS_WARM_CONTAINERS", "0"),
                Map.entry("KF_REPLICA_TIMEOUT", "PT6S")));
    }

    interface Check {
        boolean holds() throws Exception;
    }

    /** Polls {@code check} every 250 ms until it holds; fails naming {@code what} after {@code within}. */
    static void awaitTrue(Duration within, String what, Check check) throws Exception {
        Instant deadline = Instant.now().plus(within);
        while (!check.holds()) {
            if (Instant.now().isAfter(deadline)) {
                fail("not within " + within + ": " + what);
            }
            Thread.sleep(250);
        }
    }

    /** A user signed up on a replica, with an API key. */
    record Account(String name, String key) {

        /** Requests to {@code replica} with the key as a Jupyter token. */
        RequestSpecification as(ServerProcess replica) {
            return given().baseUri(replica.url()).header("Authorization", "token " + key);
        }

        /** Requests to {@code replica} as the Kaggle client makes them (HTTP Basic: user name and key). */
        RequestSpecification asKaggleClient(ServerProcess replica) {
            return given().baseUri(replica.url()).auth().preemptive().basic(name, key);
        }
    }

    /** Signs a new user up on {@code replica} (name: {@code prefix} and a random part) and makes them an API key. */
    static Account signUp(ServerProcess replica, String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
        String cookie = given().baseUri(replica.url()).contentType(ContentType.JSON)
                .body(Map.of("username", name, "password", "a long password", "email", name + "@example.org"))
                .post("/api/auth/signup").then().statusCode(201).extract().cookie("kf_session");
        String key = given().baseUri(replica.url()).cookie("kf_session", cookie).post("/api/me/api-keys").then().statusCode(201)
                .extract().path("key");
        return new Account(name, key);
    }

    private static String env(String name, String fallback) {
        return ServerProcess.env(name, fallback);
    }
}
