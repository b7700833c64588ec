package org.kernelforge.identity;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.function.Supplier;

/** Checks session tokens and API keys against the database (on a worker thread). */
public final class LocalIdentityProviders {

    /** Attribute of a SecurityIdentity that holds the platform user's id. */
    public static final String USER_ID = "kernelforge.user-id";

    private LocalIdentityProviders() {
    }

    static SecurityIdentity identityOf(User user) {
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(user.username))
                .addAttribute(USER_ID, user.id);
        user.roles().forEach(r -> builder.addRole(r.id()));
        return builder.build();
    }

    private static Uni<SecurityIdentity> blocking(AuthenticationRequestContext context, Supplier<Optional<User>> lookup,
                                                  String failure) {
        return context.runBlocking(() -> lookup.get().map(LocalIdentityProviders::identityOf)
                .orElseThrow(() -> new AuthenticationFailedException(failure)));
    }

    @ApplicationScoped
    public static class Sessions implements IdentityProvider<LocalCredentials.SessionToken> {
        private final SessionService sessions;

        public Sessions(SessionService sessions) {
            this.sessions = sessions;
        }

        @Override
        public Class<LocalCredentials.SessionToken> getRequestType() {
            return LocalCredentials.SessionToken.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(LocalCredentials.SessionToken request, AuthenticationRequestContext context) {
            return blocking(context, () -> sessions.authenticate(request.token), "Your session has ended; sign in again");
        }
    }

    @ApplicationScoped
    public static class ApiKeys implements IdentityProvider<LocalCredentials.ApiKeyPair> {
        private final ApiKeyService keys;

        public ApiKeys(ApiKeyService keys) {
            this.keys = keys;
        }

        @Override
        public Class<LocalCredentials.ApiKeyPair> getRequestType() {
            return LocalCredentials.ApiKeyPair.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(LocalCredentials.ApiKeyPair request, AuthenticationRequestContext context) {
            return blocking(context, () -> keys.authenticate(request.username, request.key),
                    "Unknown or revoked API key for user '" + request.username + "'; create a new one on your account page");
        }
    }

    @ApplicationScoped
    public static class ApiKeyTokens implements IdentityProvider<LocalCredentials.ApiKeyToken> {
        private final ApiKeyService keys;

        public ApiKeyTokens(ApiKeyService keys) {
            this.keys = keys;
        }

        @Override
        public Class<LocalCredentials.ApiKeyToken> getRequestType() {
            return LocalCredentials.ApiKeyToken.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(LocalCredentials.ApiKeyToken request, AuthenticationRequestContext context) {
            return blocking(context, () -> keys.authenticate(request.key),
                    "Unknown or revoked API key; create a new one on your account page");
        }
    }
}
