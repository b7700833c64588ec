package org.kernelforge.identity;

import io.quarkus.oidc.AuthorizationCodeFlow;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import java.net.URI;

/**
 * "Sign in with Keycloak": the authorization code flow starts here when single sign-on is
 * configured; after Keycloak sends the browser back, it lands on the home page signed in.
 */
@Path("/auth/keycloak")
public class KeycloakLoginResource {

    private final CurrentUser current;

    public KeycloakLoginResource(CurrentUser current) {
        this.current = current;
    }

    @GET
    @Authenticated
    @AuthorizationCodeFlow
    public Response signIn() {
        current.require();
        return Response.seeOther(URI.create("/")).build();
    }
}
