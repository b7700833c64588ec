package org.kernelforge.identity;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.web.Visitor;

import java.util.Optional;

/** Tells the shared layout who is signed in and which browser session a request belongs to. */
@ApplicationScoped
public class Visitors implements Visitor {

    /** Keycloak's session cookie (quarkus-oidc), for browsers signed in through single sign-on. */
    private static final String OIDC_SESSION = "q_session";

    private final CurrentUser current;

    public Visitors(CurrentUser current) {
        this.current = current;
    }

    @Override
    public Optional<String> username() {
        return current.get().map(Account::username);
    }

    @Override
    public String sessionOf(HttpServerRequest request) {
        Cookie session = request.getCookie(SessionService.COOKIE);
        if (session == null || session.getValue().isBlank()) {
            session = request.getCookie(OIDC_SESSION);
        }
        return session == null ? null : session.getValue();
    }
}
