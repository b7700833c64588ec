package org.kernelforge.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;

/** The session cookie: HttpOnly, SameSite=Lax, Secure when the deployment says so. */
@ApplicationScoped
public class SessionCookies {

    private final AccountsConfig config;

    public SessionCookies(AccountsConfig config) {
        this.config = config;
    }

    public NewCookie open(String token) {
        return build(token, (int) config.sessionTtl().toSeconds());
    }

    public NewCookie cleared() {
        return build("", 0);
    }

    private NewCookie build(String value, int maxAge) {
        return new NewCookie.Builder(SessionService.COOKIE)
                .value(value)
                .path("/")
                .httpOnly(true)
                .secure(config.secureCookies())
                .sameSite(NewCookie.SameSite.LAX)
                .maxAge(maxAge)
                .build();
    }
}
