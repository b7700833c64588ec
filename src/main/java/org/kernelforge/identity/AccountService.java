package org.kernelforge.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.platform.UniqueViolations;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Creates accounts: local sign-up, the initial admin, and users provisioned from Keycloak. */
@ApplicationScoped
public class AccountService {

    static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9_-]{2,38}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    static final int MIN_PASSWORD = 8;

    private final AccountsConfig config;

    public AccountService(AccountsConfig config) {
        this.config = config;
    }

    @Transactional
    public User signUp(String username, String password, String email) {
        if (!config.signupEnabled()) {
            throw ProblemException.forbidden("Sign-up is switched off on this server; ask an administrator for an account");
        }
        return createLocal(username, password, email, EnumSet.of(Role.USER));
    }

    @Transactional
    public User createLocal(String username, String password, String email, Set<Role> roles) {
        validateUsername(username);
        if (password == null || password.length() < MIN_PASSWORD) {
            throw ProblemException.badRequest("password", "Password must have at least " + MIN_PASSWORD + " characters");
        }
        if (password.length() > 72) {
            throw ProblemException.badRequest("password", "Password must have at most 72 characters");
        }
        if (email != null && !email.isBlank() && !EMAIL.matcher(email).matches()) {
            throw ProblemException.badRequest("email", "'" + email + "' is not an email address");
        }
        if (User.findByUsername(username).isPresent()) {
            throw usernameTaken(username);
        }
        User user = new User();
        user.username = username;
        user.email = email == null || email.isBlank() ? null : email.trim();
        user.passwordHash = Secrets.hashPassword(password);
        user.setRoles(roles);
        user.createdAt = Instant.now();
        return UniqueViolations.conflict(() -> {
            user.persist();
            return user;
        }, () -> usernameTaken(username));
    }

    private static ProblemException usernameTaken(String username) {
        return ProblemException.conflict("username", "The username '" + username + "' is taken; choose another");
    }

    /**
     * Finds or creates the local user behind a Keycloak subject, and brings its roles in line with the
     * realm roles of the token (Keycloak is the source of truth for those accounts).
     */
    @Transactional
    public User provisionFromOidc(String subject, String preferredUsername, String email, Set<String> realmRoles) {
        User user = User.findByOidcSubject(subject).orElseGet(() -> {
            User created = new User();
            created.oidcSubject = subject;
            created.username = freeUsername(preferredUsername == null ? subject : preferredUsername);
            created.createdAt = Instant.now();
            return created;
        });
        if (email != null) {
            user.email = email;
        }
        EnumSet<Role> roles = EnumSet.of(Role.USER);
        realmRoles.stream().map(Role::parse).flatMap(Optional::stream).forEach(roles::add);
        user.setRoles(roles);
        user.persist();
        return user;
    }

    @Transactional
    public User setRoles(String username, Set<Role> roles) {
        User user = User.findByUsername(username)
                .orElseThrow(() -> ProblemException.notFound("No user named '" + username + "'"));
        user.setRoles(roles);
        return user;
    }

    static void validateUsername(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw ProblemException.badRequest("username",
                    "Username must be 3 to 39 characters: lower-case letters, digits, '-' or '_', starting with a letter or digit");
        }
    }

    private static String freeUsername(String wanted) {
        String base = wanted.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
        if (base.length() < 3) {
            base = (base + "-user").substring(0, Math.max(3, base.length() + 5));
        }
        base = base.length() > 34 ? base.substring(0, 34) : base;
        String candidate = base;
        for (int i = 2; User.findByUsername(candidate).isPresent(); i++) {
            candidate = base + "-" + i;
        }
        return candidate;
    }
}
