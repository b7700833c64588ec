package org.kernelforge.platform;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.narayana.jta.QuarkusTransaction;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Another server replica, for tests that need one without starting a second server: a {@code server_replicas} row
 * whose URL is a loopback HTTP server that records each request reaching it and answers with a fixed JSON body, and a
 * heartbeat kept fresh until {@link #die()}. It may also answer as a handler says ({@link #serving}), or stop answering
 * while it still beats ({@link #stopAnswering()}).
 */
public final class StandInReplica implements AutoCloseable {

    /** A request that reached the stand-in: what the forwarding sent on. */
    public record Received(String method, String path, String authorization, String forwardedBy) {
    }

    private final HttpServer server;
    private final String id = "other-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService heart = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService answering = Executors.newCachedThreadPool();
    private boolean stopped;

    private StandInReplica(HttpHandler handler, Duration beatEvery) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            record(exchange);
            handler.handle(exchange);
        });
        server.setExecutor(answering); // a handler may hold its answer (a stream) while others are answered
        server.start();
        beat(Instant.now());
        heart.scheduleWithFixedDelay(() -> beat(Instant.now()), beatEvery.toMillis(), beatEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A live stand-in answering every request with {@code json}, beating every {@code beatEvery}. */
    public static StandInReplica answering(String json, Duration beatEvery) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return new StandInReplica(exchange -> answer(exchange, body), beatEvery);
    }

    /** A live stand-in answering every request as {@code handler} does (each on a thread of its own). */
    public static StandInReplica serving(HttpHandler handler, Duration beatEvery) throws IOException {
        return new StandInReplica(handler, beatEvery);
    }

    public String id() {
        return id;
    }

    /** What reached it, in order. */
    public List<Received> received() {
        return received;
    }

    /** Stops listening while it goes on beating: alive for every replica, and every connection to it is refused. */
    public synchronized void stopAnswering() {
        if (!stopped) {
            stopped = true;
            server.stop(0);
        }
    }

    /** Stops beating and dates its last beat a minute back: dead to every replica from now on. */
    public void die() throws InterruptedException {
        stopHeart();
        beat(Instant.now().minusSeconds(60));
    }

    @Override
    public void close() throws InterruptedException {
        stopHeart();
        stopAnswering();
        answering.shutdownNow();
        QuarkusTransaction.requiringNew().run(() -> ServerReplica.deleteById(id));
    }

    private void record(HttpExchange exchange) {
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst(ReplicaForwarding.FORWARDED_BY)));
    }

    private static void answer(HttpExchange exchange, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private void stopHeart() throws InterruptedException {
        heart.shutdownNow();
        heart.awaitTermination(5, TimeUnit.SECONDS);
    }

    private void beat(Instant at) {
        QuarkusTransaction.requiringNew().run(() -> {
            ServerReplica row = ServerReplica.findById(id);
            if (row == null) {
                row = new ServerReplica();
                row.id = id;
                row.dataDir = "/nowhere";
                row.url = "http://127.0.0.1:" + server.getAddress().getPort();
                row.startedAt = at;
                row.heartbeatAt = at;
                row.persist();
            } else {
                row.heartbeatAt = at;
            }
        });
    }
}
