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
        // the run queue claims with FOR UPDATE SKIP LOCKED, which H2 understands as PostgreSQL does
        account.given().contentType("application/json")
                .body(java.util.Map.of("kernel_type", "script", "language", "python", "source", "print('on h2')"))
                .post("/api/kernels/" + account.username() + "/on-h2/versions").then().statusCode(202);
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(90);
        String status = "queued";
        while (java.util.List.of("queued", "running").contains(status) && java.time.Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            status = account.given().get("/api/kernels/" + account.username() + "/on-h2/versions/1").then().statusCode(200)
                    .extract().path("status");
        }
        assertEquals("complete", status);
    }
}
