package org.kernelforge.web;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.platform.ProblemException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Protects the pages' form posts against cross-site request forgery. Each form carries a token bound to the
 * browser's session cookie (an HMAC under a key that lives as long as the server process); a post whose token
 * does not match, or whose Origin is another site, is refused. The session cookie is SameSite=Lax as well.
 */
@ApplicationScoped
public class Csrf {

    /** The name of the hidden form field. */
    public static final String FIELD = "csrf";

    private final byte[] key = new byte[32];
    private final Visitor visitor;

    public Csrf(Visitor visitor) {
        this.visitor = visitor;
        new SecureRandom().nextBytes(key);
    }

    public String tokenFor(HttpServerRequest request) {
        String session = visitor.sessionOf(request);
        return hmac(session == null ? "anonymous" : session);
    }

    /** Throws 403 unless the form's token belongs to this browser's session and the post comes from this site. */
    public void verify(HttpServerRequest request, String sent) {
        String expected = tokenFor(request);
        boolean tokenOk = sent != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                sent.getBytes(StandardCharsets.US_ASCII));
        if (!tokenOk || !sameOrigin(request)) {
            throw ProblemException.forbidden("This form has expired or was sent from another site; reload the page and try again");
        }
    }

    private static boolean sameOrigin(HttpServerRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null || origin.isBlank()) {
            return true;
        }
        try {
            String authority = URI.create(origin).getAuthority();
            String host = request.getHeader("Host");
            return authority != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private String hmac(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
