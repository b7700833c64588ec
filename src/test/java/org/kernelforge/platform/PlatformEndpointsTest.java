package org.kernelforge.platform;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

@QuarkusTest
class PlatformEndpointsTest {

    @Test
    void readinessChecksDatabaseObjectStoreAndDockerEngine() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("object-store", "docker-engine"))
                .body("checks.find { it.name == 'object-store' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'docker-engine' }.status", equalTo("UP"))
                .body("checks.name.findAll { it.toLowerCase().contains('database') }.size()", equalTo(1));
    }

    @Test
    void livenessAnswers() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void openApiDocumentsTheAccountsApi() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/auth/signup"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void prometheusMetricsAreExported() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void unknownApiAddressIsAProblem() {
        given().get("/api/no-such-thing").then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
    }
}
