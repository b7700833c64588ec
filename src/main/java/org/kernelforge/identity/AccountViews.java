package org.kernelforge.identity;

import java.time.Instant;
import java.util.List;

/** JSON shapes of the account API. */
public final class AccountViews {

    private AccountViews() {
    }

    public record SignUpRequest(String username, String password, String email) {
    }

    public record SignInRequest(String username, String password) {
    }

    public record UserView(String username, String email, List<String> roles, Instant createdAt, boolean singleSignOn) {
        public static UserView of(User user) {
            return new UserView(user.username, user.email, user.roles().stream().map(Role::id).toList(), user.createdAt,
                    user.oidcSubject != null);
        }
    }

    /** Exactly the content of a kaggle.json, plus the id to revoke the key later. */
    public record IssuedKeyView(String username, String key, long id) {
    }

    public record ApiKeyView(long id, String hint, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {
        public static ApiKeyView of(ApiKey key) {
            return new ApiKeyView(key.id, "…" + key.keyHint, key.createdAt, key.lastUsedAt, key.revokedAt);
        }
    }

    public record RolesRequest(List<String> roles) {
    }
}
