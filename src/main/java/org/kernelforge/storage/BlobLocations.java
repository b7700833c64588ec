package org.kernelforge.storage;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The object keys of blobs that are not under their canonical key, from the blob_locations table. A blob's
 * location never changes once recorded, so the ones looked up are remembered (up to {@link #REMEMBERED});
 * blobs without a row are not, as they may get one later.
 */
@ApplicationScoped
public class BlobLocations {

    private static final int REMEMBERED = 10_000;

    private final Map<String, String> remembered = new ConcurrentHashMap<>();

    /** The key the blob was stored under, if it is not its canonical key. */
    public Optional<String> find(String sha256) {
        String key = remembered.get(sha256);
        if (key != null) {
            return Optional.of(key);
        }
        Optional<String> found = QuarkusTransaction.requiringNew().call(() ->
                BlobLocation.<BlobLocation>findByIdOptional(sha256).map(location -> location.objectKey));
        found.ifPresent(k -> remember(sha256, k));
        return found;
    }

    /**
     * Records where the blob's bytes are; false when an upload of the same content recorded its own key first,
     * which then stands.
     */
    boolean record(String sha256, String objectKey) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                BlobLocation location = new BlobLocation();
                location.sha256 = sha256;
                location.objectKey = objectKey;
                location.createdAt = Instant.now();
                location.persist();
            });
        } catch (RuntimeException e) {
            // the primary key refused a second row for the same content
            if (find(sha256).isPresent()) {
                return false;
            }
            throw e;
        }
        remember(sha256, objectKey);
        return true;
    }

    private void remember(String sha256, String objectKey) {
        if (remembered.size() >= REMEMBERED) {
            remembered.clear();
        }
        remembered.put(sha256, objectKey);
    }
}
