package org.kernelforge.web;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import org.kernelforge.identity.KeycloakEnabledProfile;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

/** With single sign-on on, the sign-in and sign-up pages offer "Sign in with Keycloak". */
@QuarkusTest
@TestProfile(KeycloakEnabledProfile.class)
class SignInWithKeycloakTest {

    @Test
    void signInPagesOfferKeycloakWhenSingleSignOnIsOn() {
        given().get("/signin").then().statusCode(200).body(containsString("href=\"/auth/keycloak\">Sign in with Keycloak"));
        given().get("/signup").then().statusCode(200).body(containsString("href=\"/auth/keycloak\">Sign in with Keycloak"));
    }
}
