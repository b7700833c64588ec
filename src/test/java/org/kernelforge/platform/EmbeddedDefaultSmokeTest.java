package org.kernelforge.platform;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;

import java.sql.Connection;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Boots the embedded default (H2 file database) so both database configurations keep working. */
@QuarkusTest
@TestProfile(EmbeddedDefaultProfile.class)
class EmbeddedDefaultSmokeTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void runsOnH2WithTheSameMigrations() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            assertEquals("H2", c.getMetaData().getDatabaseProductName());
        }
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        TestAccounts.Account account = TestAccounts.signUp("h2user");
        given().auth().preemptive().basic(account.username(), account.key())
                .get("/api/me").then().statusCode(200).body("username", equalTo(account.username()));
    }
}
