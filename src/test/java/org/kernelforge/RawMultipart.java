package org.kernelforge;

import io.restassured.response.Response;
import org.kernelforge.TestAccounts.Account;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A multipart/form-data body written byte by byte, for what a client's multipart builder would not send: raw
 * control characters in a filename, a body cut short.
 */
public final class RawMultipart {

    private static final String BOUNDARY = "kf-raw-boundary";
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    public RawMultipart text(String name, String value) {
        return part("form-data; name=\"" + name + "\"", value);
    }

    /** A file part whose filename is written as given, between quotes, whatever characters it has. */
    public RawMultipart file(String name, String filename, String content) {
        return part("form-data; name=\"" + name + "\"; filename=\"" + filename + "\"", content);
    }

    /** Posts the parts and the closing boundary. */
    public Response post(Account account, String path) {
        write("--" + BOUNDARY + "--\r\n");
        return send(account, path);
    }

    /** Posts the parts without the closing boundary, as a client cut off would have sent them. */
    public Response postWithoutClosingBoundary(Account account, String path) {
        return send(account, path);
    }

    private Response send(Account account, String path) {
        return account.given().contentType("multipart/form-data; boundary=" + BOUNDARY).body(body.toByteArray())
                .post(path);
    }

    private RawMultipart part(String disposition, String content) {
        write("--" + BOUNDARY + "\r\nContent-Disposition: " + disposition + "\r\n\r\n" + content + "\r\n");
        return this;
    }

    private void write(String text) {
        body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
