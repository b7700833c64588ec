package org.kernelforge.identity;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** Single sign-on switched on, against the Keycloak that deploy/test.sh starts with deploy/keycloak's realm. */
public class KeycloakEnabledProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.oidc.tenant-enabled", "true");
    }
}
