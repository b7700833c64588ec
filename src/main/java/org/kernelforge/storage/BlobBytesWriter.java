package org.kernelforge.storage;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyWriter;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/** Writes {@link BlobBytes} by handing the response to {@link BlobRelay}, which ends it. */
@Provider
@Produces("*/*")
public class BlobBytesWriter implements ServerMessageBodyWriter<BlobBytes> {

    private final BlobRelay relay;
    private final BlobStore blobs;
    private final CurrentVertxRequest request;

    public BlobBytesWriter(BlobRelay relay, BlobStore blobs, CurrentVertxRequest request) {
        this.relay = relay;
        this.blobs = blobs;
        this.request = request;
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, ResteasyReactiveResourceInfo target, MediaType mediaType) {
        return BlobBytes.class.isAssignableFrom(type);
    }

    @Override
    public void writeResponse(BlobBytes bytes, Type genericType, ServerRequestContext context) {
        HttpServerResponse response = request.getCurrent().response();
        // Quarkus leaves the length to whatever writes the body
        response.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(bytes.length()));
        relay.send(bytes, response);
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return BlobBytes.class.isAssignableFrom(type);
    }

    /** Outside the server's own response path: the bytes copied through streams. */
    @Override
    public void writeTo(BlobBytes bytes, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                        MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        ByteRange range = bytes.range();
        try (InputStream in = range == null ? blobs.open(bytes.sha256())
                : blobs.openRange(bytes.sha256(), range.start(), range.length())) {
            in.transferTo(out);
        }
    }
}
