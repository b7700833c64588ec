package org.kernelforge.platform;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.parsetools.RecordParser;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Follows a Server-Sent Events stream of another replica on behalf of a caller, to continue the caller's stream here
 * with what only that replica has. The request carries the caller's own credentials and {@value
 * ReplicaForwarding#FORWARDED_BY}, as {@link ReplicaForwarding} sends a request on: the other replica authenticates and
 * authorizes the caller itself and never sends the request further, so this adds no trust between replicas.
 */
@ApplicationScoped
public class ReplicaStreams {

    /** How long connecting to a replica may take before that attempt counts as failed. */
    static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    /**
     * The credentials of a request, as it brought them: {@code Authorization} and {@code Cookie}; {@code forwarded}
     * when it was itself forwarded here by another replica (then it is followed here only, never further).
     */
    public record Caller(String authorization, String cookie, boolean forwarded) {

        public static Caller of(HttpHeaders headers) {
            return new Caller(headers.getHeaderString(HttpHeaders.AUTHORIZATION), headers.getHeaderString(HttpHeaders.COOKIE),
                    headers.getHeaderString(ReplicaForwarding.FORWARDED_BY) != null);
        }
    }

    /** What a followed stream delivers, on a Vert.x thread, one call at a time. */
    public interface Events {

        /** One event's data. */
        void data(String data);

        /** The stream is over: {@code failure} is null when the other replica ended it, else why it broke off. */
        void ended(Throwable failure);
    }

    /** A stream being followed. */
    public interface Stream {

        /** Stops following it; {@link Events#ended} is not called after this. */
        void close();
    }

    private final Replicas replicas;
    private final HttpClient client;

    ReplicaStreams(Replicas replicas, Vertx vertx) {
        this.replicas = replicas;
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MILLIS)
                .setMaxPoolSize(64).setKeepAlive(false));
    }

    @PreDestroy
    void stop() {
        client.close();
    }

    /**
     * Opens {@code GET path} ({@code Accept: text/event-stream}) on the replica as the caller, and hands each event's
     * data to {@code events}; empty when the replica has no fresh heartbeat (nothing to ask). Blocking (one query).
     */
    public Optional<Stream> open(String replicaId, String path, Caller caller, Events events) {
        Optional<String> url = QuarkusTransaction.requiringNew().call(() -> replicas.liveUrlOf(replicaId));
        return url.map(base -> follow(URI.create(base), path, caller, events));
    }

    private Stream follow(URI base, String path, Caller caller, Events events) {
        boolean https = "https".equals(base.getScheme());
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(base.getHost())
                .setPort(base.getPort() > 0 ? base.getPort() : https ? 443 : 80).setSsl(https).setURI(path)
                .putHeader(HttpHeaders.ACCEPT, "text/event-stream")
                .putHeader(ReplicaForwarding.FORWARDED_BY, replicas.self());
        if (caller.authorization() != null) {
            options.putHeader(HttpHeaders.AUTHORIZATION, caller.authorization());
        }
        if (caller.cookie() != null) {
            options.putHeader(HttpHeaders.COOKIE, caller.cookie());
        }
        Following following = new Following(events);
        client.request(options)
                .compose(request -> {
                    following.request.set(request);
                    if (following.closed.get()) {
                        request.reset();
                    }
                    return request.send();
                })
                .onSuccess(response -> {
                    if (response.statusCode() != 200) {
                        response.request().reset();
                        following.end(new IllegalStateException("the replica answered " + response.statusCode()));
                        return;
                    }
                    SseEvents parser = new SseEvents(following::data);
                    response.handler(RecordParser.newDelimited("\n", line -> parser.line(line.toString(StandardCharsets.UTF_8))));
                    response.exceptionHandler(following::end);
                    response.endHandler(v -> following.end(null));
                })
                .onFailure(following::end);
        return following;
    }

    /** One followed stream: delivers until it ends once, or is closed. */
    private static final class Following implements Stream {
        final Events events;
        final AtomicBoolean closed = new AtomicBoolean();
        final AtomicReference<HttpClientRequest> request = new AtomicReference<>();

        Following(Events events) {
            this.events = events;
        }

        void data(String data) {
            if (!closed.get()) {
                events.data(data);
            }
        }

        void end(Throwable failure) {
            if (closed.compareAndSet(false, true)) {
                events.ended(failure);
            }
        }

        @Override
        public void close() {
            closed.set(true);
            HttpClientRequest sent = request.get();
            if (sent != null) {
                sent.reset();
            }
        }
    }

    /** The Server-Sent Events wire format, line by line: {@code data:} lines joined, an empty line ends an event. */
    private static final class SseEvents {
        private final java.util.function.Consumer<String> sink;
        private StringBuilder data;

        SseEvents(java.util.function.Consumer<String> sink) {
            this.sink = sink;
        }

        void line(String raw) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (line.isEmpty()) {
                if (data != null) {
                    sink.accept(data.toString());
                    data = null;
                }
            } else if (line.startsWith("data:")) {
                String value = line.substring(line.startsWith("data: ") ? 6 : 5);
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
    }
}
