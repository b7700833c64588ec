package org.kernelforge.kaggle;

import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.platform.PlatformConfig;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * Links to kernel output files that need no login, as Kaggle's client fetches them: absolute (built from the
 * configured public URL, never from the request), signed with a key this server process made, and valid for an hour.
 */
@ApplicationScoped
public class SignedUrls {

    static final Duration VALIDITY = Duration.ofHours(1);
    static final String OUTPUTS = "/api/v1/kernels/outputs/";

    private final byte[] key = new byte[32];
    private final PlatformConfig platform;
    private final Clock clock;

    SignedUrls(PlatformConfig platform, Clock clock) {
        this.platform = platform;
        this.clock = clock;
        new SecureRandom().nextBytes(key);
    }

    /** The link to an output file of a version. */
    String outputFile(long versionId, String path) {
        long expires = clock.instant().plus(VALIDITY).getEpochSecond();
        return platform.publicUrl().replaceAll("/+$", "") + OUTPUTS + versionId + "/" + encodedPath(path)
                + "?expires=" + expires + "&signature=" + signature(versionId, path, expires);
    }

    /** Whether the link was made by this server for this file and has not expired. */
    boolean valid(long versionId, String path, Long expires, String signature) {
        if (expires == null || signature == null || clock.instant().getEpochSecond() > expires) {
            return false;
        }
        return MessageDigest.isEqual(signature(versionId, path, expires).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    private String signature(long versionId, String path, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((versionId + "\n" + path + "\n" + expires).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A file path as URL path segments, each percent-encoded where needed. */
    static String encodedPath(String path) {
        try {
            return new URI(null, null, path, null).getRawPath();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
