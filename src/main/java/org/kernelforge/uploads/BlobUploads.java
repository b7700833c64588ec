package org.kernelforge.uploads;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;
import org.kernelforge.identity.Account;
import org.kernelforge.platform.PlatformConfig;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.storage.BlobStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Raw uploads as Kaggle's client makes them: {@link #start} hands out a random single-use token, {@link #receive}
 * takes the bytes sent to it (no login: the token is the capability), {@link #claim} gives finished uploads of the
 * caller to a dataset upload, which then {@link #finish}es or {@link #release}s them. Bytes go straight to the
 * blob store, hashed on the way; zip archives wait on local disk instead, to be checked and extracted when used.
 * Uploads not used before they expire are purged with their bytes.
 */
@ApplicationScoped
public class BlobUploads {

    private static final Logger LOG = Logger.getLogger(BlobUploads.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final BlobStore blobs;
    private final UploadsConfig config;
    private final PlatformConfig platform;
    private final Path spoolDir;

    public BlobUploads(BlobStore blobs, UploadsConfig config, PlatformConfig platform) {
        this.blobs = blobs;
        this.config = config;
        this.platform = platform;
        this.spoolDir = platform.dataDir().resolve("tmp").resolve("blob-uploads");
    }

    /** A started upload: the token and the URL to PUT the bytes to. */
    public record Started(String token, String createUrl) {
    }

    /** A finished upload handed to a dataset upload: its name, and its blob or (archives) its local file. */
    public record Claimed(long id, String name, long size, String sha256, Path local) {
    }

    /** A finished upload named by a dataset upload, with an optional name replacing the announced one. */
    public record Ref(String token, String name) {
    }

    public Started start(Account caller, String name, Long contentLength) {
        if (name == null || name.isBlank() || name.length() > 1024) {
            throw ProblemException.badRequest("name", "Give the file's name (1 to 1024 characters), e.g. \"train.csv\"");
        }
        if (contentLength == null || contentLength <= 0) {
            throw ProblemException.badRequest("contentLength", "Give the file's size in bytes (contentLength); "
                    + "empty files are not accepted");
        }
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Instant now = Instant.now();
        QuarkusTransaction.requiringNew().run(() -> {
            BlobUpload upload = new BlobUpload();
            upload.tokenSha256 = hash(token);
            upload.ownerId = caller.id();
            upload.name = name;
            upload.contentLength = contentLength;
            upload.state = BlobUpload.State.PENDING;
            upload.createdAt = now;
            upload.expiresAt = now.plus(config.ttl());
            upload.persist();
        });
        return new Started(token, platform.publicUrl().replaceAll("/+$", "") + "/api/blobs/uploads/" + token);
    }

    /** Takes the bytes of a pending upload; the request's length must be the announced one. */
    public Claimed receive(String token, Long requestLength, InputStream body) {
        long id = QuarkusTransaction.requiringNew().call(() -> {
            BlobUpload upload = usable(token, BlobUpload.State.PENDING);
            if (requestLength == null || requestLength != upload.contentLength) {
                throw ProblemException.badRequest("Content-Length", "This upload was announced with " + upload.contentLength
                        + " bytes but the request " + (requestLength == null ? "has no Content-Length"
                        : "has " + requestLength) + "; send exactly the announced bytes");
            }
            upload.state = BlobUpload.State.RECEIVING;
            return upload.id;
        });
        BlobUpload upload = QuarkusTransaction.requiringNew().call(() -> BlobUpload.<BlobUpload>findById(id));
        String sha256 = null;
        Path local = null;
        try {
            if (isArchive(upload.name)) {
                local = spool(id, body, upload.contentLength);
            } else {
                sha256 = blobs.store(body, upload.contentLength).sha256();
            }
        } catch (RuntimeException | Error e) {
            QuarkusTransaction.requiringNew().run(() -> BlobUpload.update("state = ?1 where id = ?2", BlobUpload.State.PENDING, id));
            throw e;
        }
        String stored = sha256;
        QuarkusTransaction.requiringNew().run(() -> BlobUpload.update("state = ?1, sha256 = ?2 where id = ?3",
                BlobUpload.State.STORED, stored, id));
        return new Claimed(id, upload.name, upload.contentLength, sha256, local);
    }

    /** Marks the caller's finished uploads as used; an unknown, expired, unfinished or foreign token is a 404. */
    public List<Claimed> claim(Account caller, List<Ref> refs) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Claimed> claimed = new ArrayList<>();
            for (Ref ref : refs) {
                BlobUpload upload = usable(ref == null ? null : ref.token(), BlobUpload.State.STORED);
                if (!Objects.equals(upload.ownerId, caller.id())) {
                    throw unknown();
                }
                upload.state = BlobUpload.State.CLAIMED;
                String name = ref.name() == null || ref.name().isBlank() ? upload.name : ref.name();
                claimed.add(new Claimed(upload.id, name, upload.contentLength, upload.sha256,
                        upload.sha256 == null ? spoolFile(upload.id) : null));
            }
            return claimed;
        });
    }

    /** The claimed uploads became part of a dataset: they are gone, tokens and local files alike. */
    public void finish(List<Claimed> claimed) {
        QuarkusTransaction.requiringNew().run(() -> claimed.forEach(c -> BlobUpload.deleteById(c.id())));
        claimed.forEach(c -> deleteQuietly(spoolFile(c.id())));
    }

    /** The dataset upload failed: its uploads may be used again until they expire. */
    public void release(List<Claimed> claimed) {
        QuarkusTransaction.requiringNew().run(() -> claimed.forEach(c -> BlobUpload.update(
                "state = ?1 where id = ?2 and state = ?3", BlobUpload.State.STORED, c.id(), BlobUpload.State.CLAIMED)));
    }

    @Scheduled(every = "1h", delayed = "10m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledPurge() {
        purge(Instant.now());
    }

    /** Deletes uploads expired before the instant with their local files, and staging objects older than the TTL. */
    public int purge(Instant now) {
        List<Long> ids = QuarkusTransaction.requiringNew().call(() -> {
            List<Long> expired = BlobUpload.expiredBefore(now).stream().map(u -> u.id).toList();
            expired.forEach(id -> BlobUpload.deleteById(id));
            return expired;
        });
        ids.forEach(id -> {
            deleteQuietly(spoolFile(id));
            deleteQuietly(partFile(id));
        });
        if (!ids.isEmpty()) {
            LOG.infof("Purged %d expired uploads", ids.size());
        }
        return ids.size();
    }

    private BlobUpload usable(String token, BlobUpload.State expected) {
        if (token == null || token.isBlank()) {
            throw unknown();
        }
        BlobUpload upload = BlobUpload.byToken(hash(token), LockModeType.PESSIMISTIC_WRITE).orElseThrow(BlobUploads::unknown);
        if (upload.state != expected || upload.isExpired(Instant.now())) {
            throw unknown();
        }
        return upload;
    }

    private static ProblemException unknown() {
        return ProblemException.notFound("No upload is waiting under this token: it is unknown, expired, already used "
                + "or (for a dataset) not finished or not yours; start a new upload with POST /api/blobs/uploads");
    }

    private Path spool(long id, InputStream body, long length) {
        Path target = spoolFile(id);
        Path part = partFile(id);
        try {
            Files.createDirectories(spoolDir);
            long copied;
            try (OutputStream out = Files.newOutputStream(part)) {
                copied = copy(body, out, length);
            }
            if (copied != length) {
                throw ProblemException.badRequest("Content-Length", "The upload ended after " + copied + " of "
                        + length + " bytes");
            }
            return Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(part);
        }
    }

    private static long copy(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buffer = new byte[256 * 1024];
        long total = 0;
        for (int n; total < limit && (n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total))) > 0; ) {
            out.write(buffer, 0, n);
            total += n;
        }
        return total;
    }

    private Path spoolFile(long id) {
        return spoolDir.resolve("upload-" + id + ".zip");
    }

    private Path partFile(long id) {
        return spoolDir.resolve("upload-" + id + ".zip.part");
    }

    private static boolean isArchive(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".zip");
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("Could not delete %s: %s", file, e.getMessage());
        }
    }

    static String hash(String token) {
        return HexFormat.of().formatHex(BlobStore.newDigest().digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
