package org.kernelforge.storage;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.Pipe;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Sends a blob's bytes from the object store to an HTTP response on the event loop: the object is read with
 * Vert.x's own client and each piece written on as it arrives, with the response's back-pressure pausing the read.
 * No worker thread copies the bytes through streams; that halves the CPU a download costs, which on a small machine
 * shared with the object store is what limits its speed.
 */
@ApplicationScoped
public class BlobRelay {

    private static final Logger LOG = Logger.getLogger(BlobRelay.class);

    private final BlobStore blobs;
    private final HttpClient client;

    public BlobRelay(BlobStore blobs, Vertx vertx) {
        this.blobs = blobs;
        this.client = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(32).setKeepAlive(true));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** Writes the blob's bytes (or the range) to the response, whose status and headers are set, and ends it. */
    void send(BlobBytes bytes, HttpServerResponse response) {
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(blobs.readUrl(bytes.sha256()));
        if (bytes.range() != null) {
            request.putHeader("Range", "bytes=" + bytes.range().start() + "-" + bytes.range().end());
        }
        client.request(request).compose(r -> r.send()).onComplete(sent -> {
            if (sent.failed()) {
                fail(response, bytes, sent.cause());
                return;
            }
            HttpClientResponse upstream = sent.result();
            int expected = bytes.range() == null ? 200 : 206;
            if (upstream.statusCode() != expected) {
                upstream.request().reset();
                fail(response, bytes, new StorageException("the object store answered " + upstream.statusCode(), null));
                return;
            }
            Pipe<io.vertx.core.buffer.Buffer> pipe = upstream.pipe();
            pipe.endOnFailure(false);
            pipe.to(response).onFailure(e -> {
                upstream.request().reset();
                fail(response, bytes, e);
            });
        });
    }

    private static void fail(HttpServerResponse response, BlobBytes bytes, Throwable cause) {
        // the status line is out: the client can only see the answer cut short
        LOG.warnf("Sending blob %s failed: %s", bytes.sha256(), cause.getMessage());
        response.reset();
    }
}
