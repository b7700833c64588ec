package org.kernelforge.identity;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.kernelforge.platform.UniqueViolations;

/**
 * Gives every Keycloak identity (bearer token or code-flow session) its platform user: provisioned on
 * first sight, with realm roles mapped to platform roles, and the username as principal.
 */
@ApplicationScoped
public class KeycloakUserAugmentor implements SecurityIdentityAugmentor {

    private final AccountService accounts;

    public KeycloakUserAugmentor(AccountService accounts) {
        this.accounts = accounts;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || identity.getAttribute(LocalIdentityProviders.USER_ID) != null
                || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        return context.runBlocking(() -> {
            // the first requests of a new account may arrive together: the one that loses the insert finds the account
            User user = UniqueViolations.retried(() -> accounts.provisionFromOidc(token.getSubject(),
                    token.getClaim("preferred_username"), token.getClaim("email"), identity.getRoles()));
            QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder(identity)
                    .setPrincipal(new QuarkusPrincipal(user.username))
                    .addAttribute(LocalIdentityProviders.USER_ID, user.id);
            user.roles().forEach(r -> builder.addRole(r.id()));
            return builder.build();
        });
    }
}
