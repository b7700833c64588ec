package org.kernelforge.identity;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * Reads the platform's own credentials from a request: {@code Authorization: Basic username:key}
 * (API keys, as the Kaggle client sends them) or the session cookie of a signed-in browser.
 * A stale session cookie makes the request anonymous; a wrong API key is an error.
 */
@ApplicationScoped
public class LocalAuthenticationMechanism implements HttpAuthenticationMechanism {

    private static final String BASIC = "basic ";
    private static final String TOKEN = "token ";
    /** Where Jupyter clients may send the API key as {@code ?token=} (browsers cannot set headers on a WebSocket). */
    private static final String JUPYTER = "/jupyter/";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String authorization = context.request().getHeader(HttpHeaderNames.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            return identities.authenticate(parseBasic(authorization.substring(BASIC.length()).trim()));
        }
        String token = jupyterToken(context, authorization);
        if (token != null) {
            return identities.authenticate(new LocalCredentials.ApiKeyToken(token));
        }
        Cookie cookie = context.request().getCookie(SessionService.COOKIE);
        if (cookie != null && !cookie.getValue().isBlank()) {
            return identities.authenticate(new LocalCredentials.SessionToken(cookie.getValue()))
                    .onFailure().recoverWithNull();
        }
        return Uni.createFrom().nullItem();
    }

    private static String jupyterToken(RoutingContext context, String authorization) {
        if (authorization != null && authorization.regionMatches(true, 0, TOKEN, 0, TOKEN.length())) {
            return authorization.substring(TOKEN.length()).trim();
        }
        String query = context.request().path().startsWith(JUPYTER) ? context.request().getParam("token") : null;
        return query == null || query.isBlank() ? null : query.strip();
    }

    private static LocalCredentials.ApiKeyPair parseBasic(String encoded) {
        try {
            String pair = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            if (colon > 0) {
                return new LocalCredentials.ApiKeyPair(pair.substring(0, colon), pair.substring(colon + 1));
            }
        } catch (IllegalArgumentException ignored) {
            // fall through: an unreadable header is a wrong key
        }
        return new LocalCredentials.ApiKeyPair("", "");
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Basic realm=\"kernelforge\""));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(LocalCredentials.SessionToken.class, LocalCredentials.ApiKeyPair.class, LocalCredentials.ApiKeyToken.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, "basic"));
    }
}
