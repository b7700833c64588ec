package org.kernelforge.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.kernelforge.platform.ProblemException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** API keys in Kaggle's shape: {username, key}; requests send them as HTTP Basic username:key. */
@ApplicationScoped
public class ApiKeyService {

    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    /** A key as it is shown once, at creation. */
    public record IssuedKey(long id, String username, String key) {
    }

    @Transactional
    public IssuedKey create(User owner) {
        String key = Secrets.newToken();
        ApiKey apiKey = new ApiKey();
        apiKey.user = User.findById(owner.id);
        apiKey.keyHash = Secrets.sha256(key);
        apiKey.keyHint = key.substring(key.length() - 4);
        apiKey.createdAt = Instant.now();
        apiKey.persist();
        return new IssuedKey(apiKey.id, owner.username, key);
    }

    @Transactional
    public List<ApiKey> list(User owner) {
        return ApiKey.listFor(owner);
    }

    @Transactional
    public void revoke(User owner, long id) {
        ApiKey key = ApiKey.<ApiKey>findByIdOptional(id)
                .filter(k -> k.user.id.equals(owner.id))
                .orElseThrow(() -> ProblemException.notFound("You have no API key with id " + id));
        if (key.revokedAt == null) {
            key.revokedAt = Instant.now();
        }
    }

    /** The user whose active key this is, when the username matches too. */
    @Transactional
    public Optional<User> authenticate(String username, String key) {
        return used(ApiKey.findActive(Secrets.sha256(key)).filter(k -> k.user.username.equals(username)));
    }

    /** The user whose active key this is (keys are random 256-bit values: the key alone names its user). */
    @Transactional
    public Optional<User> authenticate(String key) {
        return used(ApiKey.findActive(Secrets.sha256(key)));
    }

    private static Optional<User> used(Optional<ApiKey> found) {
        found.ifPresent(k -> {
            Instant now = Instant.now();
            if (k.lastUsedAt == null || k.lastUsedAt.isBefore(now.minus(LAST_USED_RESOLUTION))) {
                k.lastUsedAt = now;
            }
        });
        return found.map(k -> k.user);
    }
}
