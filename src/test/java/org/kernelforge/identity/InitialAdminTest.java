package org.kernelforge.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.platform.PlatformConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class InitialAdminTest {

    @Inject
    PlatformConfig platform;

    @Test
    void firstStartWritesAdminCredentialsReadableByTheOwnerOnly() throws Exception {
        Path file = platform.dataDir().resolve("initial-admin.json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Map<?, ?> credentials = new ObjectMapper().readValue(file.toFile(), Map.class);

        given().contentType(ContentType.JSON)
                .body(Map.of("username", credentials.get("username"), "password", credentials.get("password")))
                .post("/api/auth/signin").then().statusCode(200).body("roles", hasItems("admin", "organizer"));
        given().auth().preemptive().basic((String) credentials.get("username"), (String) credentials.get("key"))
                .get("/api/me").then().statusCode(200).body("username", equalTo("admin"));
    }

    @Test
    void adminGrantsTheOrganizerRole() throws Exception {
        Map<?, ?> credentials = new ObjectMapper().readValue(platform.dataDir().resolve("initial-admin.json").toFile(), Map.class);
        TestAccounts.Account olga = TestAccounts.signUp("olga");
        given().auth().preemptive().basic((String) credentials.get("username"), (String) credentials.get("key"))
                .contentType(ContentType.JSON).body(Map.of("roles", List.of("organizer")))
                .put("/api/users/" + olga.username() + "/roles")
                .then().statusCode(200).body("roles", hasItems("user", "organizer"));
        given().auth().preemptive().basic(olga.username(), olga.key())
                .get("/api/me").then().statusCode(200).body("roles", hasItems("user", "organizer"));
    }
}
