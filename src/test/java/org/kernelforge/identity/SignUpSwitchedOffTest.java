package org.kernelforge.identity;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

@QuarkusTest
@TestProfile(SignUpSwitchedOffTest.SignUpOff.class)
class SignUpSwitchedOffTest {

    public static class SignUpOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kernelforge.accounts.signup-enabled", "false");
        }
    }

    @Test
    void signUpIsRefusedWhenSwitchedOff() {
        given().contentType(ContentType.JSON)
                .body(Map.of("username", "newcomer", "password", "long enough pw", "email", "n@example.org"))
                .post("/api/auth/signup")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("detail", containsString("switched off"));
    }
}
