package org.kernelforge.storage;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.jboss.resteasy.reactive.PathPart;
import org.kernelforge.platform.Problem;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * HTTP answers that carry dataset bytes, streamed from the blob store: one file (ETag, If-None-Match, one
 * byte range) or a whole version as a zip archive. Nothing is buffered whole in memory.
 */
@ApplicationScoped
public class FileResponses {

    private static final int BUFFER = 512 * 1024;
    /** The deflater of a zip writes 512 bytes at a time; each write to the response costs a buffer of its own. */
    private static final int ZIP_WRITE_BYTES = 64 * 1024;
    /**
     * Files come from users and kernels: a browser shows them in a sandbox with an opaque origin, so an
     * uploaded HTML or SVG file can never act with the session of the person who opens it.
     */
    private static final String UNTRUSTED = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'";

    /**
     * Bytes a response may have queued towards the client before a write waits. Vert.x's default (Netty's 64 KiB
     * high-water mark) makes every large write wait until the socket drained it, so reading the next piece from
     * the object store never overlaps sending the last one.
     */
    private static final int WRITE_QUEUE_BYTES = 4 << 20;

    /** RFC 1123 in HTTP's fixed-length form (two-digit day), which Kaggle's client parses on every download. */
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private final BlobStore blobs;
    private final BlobCache cache;
    private final BlobSequence sequence;
    private final CurrentVertxRequest request;

    public FileResponses(BlobStore blobs, BlobCache cache, BlobSequence sequence, CurrentVertxRequest request) {
        this.blobs = blobs;
        this.sequence = sequence;
        this.cache = cache;
        this.request = request;
    }

    /** Lets the response queue {@link #WRITE_QUEUE_BYTES} before writes wait for the client. */
    private void deepenWriteQueue() {
        RoutingContext current = request.getCurrent();
        if (current != null) {
            current.response().setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
        }
    }

    /**
     * One file. {@code lastModified}: when the version that holds it was made (its bytes never change after), sent as
     * {@code Last-Modified}.
     */
    public Response file(StoredFile file, Instant lastModified, String rangeHeader, String ifNoneMatch, String ifRange) {
        String etag = "\"" + file.sha256() + "\"";
        if (matches(ifNoneMatch, etag)) {
            return Response.notModified().header(HttpHeaders.ETAG, etag).header("Accept-Ranges", "bytes")
                    .header(HttpHeaders.LAST_MODIFIED, httpDate(lastModified)).build();
        }
        Optional<ByteRange> range;
        try {
            range = ifRange == null || ifRange.strip().equals(etag) ? ByteRange.parse(rangeHeader, file.size())
                    : Optional.empty();
        } catch (ByteRange.Unsatisfiable e) {
            return Response.status(416).header("Content-Range", "bytes */" + file.size())
                    .type(Problem.MEDIA_TYPE)
                    .entity(Problem.of(416, "Range not satisfiable", "The range '" + rangeHeader + "' lies outside '"
                            + file.path() + "', which has " + file.size() + " bytes", "Range"))
                    .build();
        }
        Response.ResponseBuilder response = range.isPresent()
                ? Response.status(206).header("Content-Range", range.get().contentRange(file.size()))
                : Response.ok();
        long offset = range.map(ByteRange::start).orElse(0L);
        long length = range.map(ByteRange::length).orElse(file.size());
        Optional<java.nio.file.Path> local = cache.find(file.sha256());
        Object body;
        if (local.isPresent()) {
            // sent by the HTTP layer straight from the file (sendfile), no copy through the JVM
            body = new PathPart(local.get(), offset, length);
        } else {
            deepenWriteQueue();
            body = (StreamingOutput) out -> {
                try (InputStream in = range.isPresent() ? blobs.openRange(file.sha256(), offset, length) : blobs.open(file.sha256())) {
                    copy(in, out);
                }
            };
        }
        return response.entity(body)
                .type(ContentTypes.of(file.path()))
                .header(HttpHeaders.CONTENT_LENGTH, length)
                .header(HttpHeaders.ETAG, etag)
                .header(HttpHeaders.LAST_MODIFIED, httpDate(lastModified))
                .header("Accept-Ranges", "bytes")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", UNTRUSTED)
                .build();
    }

    /**
     * A page made from untrusted content (a rendered notebook), shown only inside the browser's sandbox. Scripts run
     * only when they are exactly {@code allowedScript} (a CSP source such as {@code 'sha256-...'}), still in an opaque
     * origin (never allow-same-origin): the platform's own script that reports the page's height to the embedding page.
     */
    public Response untrustedHtml(byte[] html, String allowedScript) {
        return Response.ok(html, "text/html; charset=utf-8")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox allow-scripts; default-src 'none'; img-src data:; "
                        + "style-src 'unsafe-inline'; script-src " + allowedScript)
                .build();
    }

    /** The files as one zip archive, entries written one by one as they are read from the blob store. */
    public Response zip(String fileName, Instant createdAt, List<StoredFile> files) {
        deepenWriteQueue();
        StreamingOutput body = out -> {
            ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(out, ZIP_WRITE_BYTES));
            zip.setLevel(Deflater.BEST_SPEED);
            sequence.readEach(files.stream().map(StoredFile::sha256).toList(), (index, in) -> {
                ZipEntry entry = new ZipEntry(files.get(index).path());
                entry.setTime(createdAt.toEpochMilli());
                zip.putNextEntry(entry);
                copy(in, zip);
                zip.closeEntry();
            });
            zip.finish();
            zip.flush();
        };
        return Response.ok(body, "application/zip")
                .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
                .header(HttpHeaders.LAST_MODIFIED, httpDate(createdAt))
                .build();
    }

    /** An HTTP date (RFC 1123, GMT), e.g. {@code Sun, 06 Dec 2026 01:20:00 GMT}. */
    public static String httpDate(Instant instant) {
        return HTTP_DATE.format(instant);
    }

    /** Copies in large writes: each write to the response is a hand-over to the event loop. */
    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER];
        int filled = 0;
        for (int n; (n = in.read(buffer, filled, buffer.length - filled)) >= 0; ) {
            filled += n;
            if (filled == buffer.length) {
                out.write(buffer, 0, filled);
                filled = 0;
            }
        }
        if (filled > 0) {
            out.write(buffer, 0, filled);
        }
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        return Arrays.stream(ifNoneMatch.split(","))
                .map(String::strip)
                .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                .anyMatch(tag -> tag.equals("*") || tag.equals(etag));
    }
}
