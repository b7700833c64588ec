package org.kernelforge.identity;

import io.quarkus.oidc.AuthorizationCodeFlow;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.kernelforge.platform.ProblemException;

import java.net.URI;

/**
 * "Sign in with Keycloak": the authorization code flow starts here when single sign-on is
 * configured; after Keycloak sends the browser back, it lands on the home page signed in.
 */
@Path("/auth/keycloak")
public class KeycloakLoginResource {

    private final CurrentUser current;
    private final boolean singleSignOn;

    public KeycloakLoginResource(CurrentUser current,
                                 @ConfigProperty(name = "quarkus.oidc.tenant-enabled") boolean singleSignOn) {
        this.current = current;
        this.singleSignOn = singleSignOn;
    }

    @GET
    @AuthorizationCodeFlow
    public Response signIn() {
        if (!singleSignOn) {
            throw ProblemException.notFound("Single sign-on is not configured on this server; sign in with a local account");
        }
        if (current.get().isEmpty()) {
            // answered by the code-flow mechanism with a redirect to Keycloak
            throw new UnauthorizedException();
        }
        return Response.seeOther(URI.create("/")).build();
    }
}
