package org.kernelforge.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.kernelforge.platform.ProblemException;

import java.time.Instant;
import java.util.Optional;

/** Browser sessions of local accounts: sign-in gives a random token, kept only as a hash. */
@ApplicationScoped
public class SessionService {

    public static final String COOKIE = "kf_session";

    private final AccountsConfig config;

    public SessionService(AccountsConfig config) {
        this.config = config;
    }

    /** Returns the new session's token, for the cookie. */
    @Transactional
    public String signIn(String username, String password) {
        User user = User.findByUsername(username == null ? "" : username)
                .filter(u -> password != null && Secrets.passwordMatches(password, u.passwordHash))
                .orElseThrow(() -> ProblemException.unauthorized("Wrong username or password"));
        return open(user);
    }

    @Transactional
    public String open(User user) {
        String token = Secrets.newToken();
        UserSession session = new UserSession();
        session.user = user;
        session.tokenHash = Secrets.sha256(token);
        session.createdAt = Instant.now();
        session.expiresAt = session.createdAt.plus(config.sessionTtl());
        session.persist();
        return token;
    }

    @Transactional
    public void signOut(String token) {
        if (token != null) {
            UserSession.delete("tokenHash", Secrets.sha256(token));
        }
    }

    @Transactional
    public Optional<User> authenticate(String token) {
        return UserSession.findLive(Secrets.sha256(token), Instant.now()).map(s -> s.user);
    }

    @Transactional
    public long purgeExpired() {
        return UserSession.delete("expiresAt <= ?1", Instant.now());
    }
}
