package org.kernelforge.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A Jupyter client at the wire level: a {@code channels} WebSocket (java.net.http) that sends plain Jupyter messages
 * as JSON text frames and keeps every message it receives, as JupyterLab or jupyter_client would see them.
 */
final class JupyterClient implements WebSocket.Listener, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final String session = UUID.randomUUID().toString();
    private final List<JsonNode> received = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private WebSocket socket;

    /** Opens the WebSocket; throws (ExecutionException) when the handshake is refused. */
    static JupyterClient open(URI uri, Map<String, String> headers) throws Exception {
        JupyterClient client = new JupyterClient();
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        headers.forEach(builder::header);
        client.socket = builder.buildAsync(uri, client).get(20, TimeUnit.SECONDS);
        return client;
    }

    /** The status the server answered a refused handshake with, failing if it upgraded. */
    static int refusal(URI uri, Map<String, String> headers) throws Exception {
        try {
            JupyterClient client = open(uri, headers);
            client.close();
            fail("the WebSocket " + uri + " was opened (101); it should have been refused");
            return 101;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    /** Sends a message on a channel; answers its msg_id. */
    String send(String channel, String msgType, Map<String, Object> content) {
        String msgId = UUID.randomUUID().toString();
        ObjectNode header = JSON.createObjectNode().put("msg_id", msgId).put("msg_type", msgType).put("username", "test")
                .put("session", session).put("date", Instant.now().toString()).put("version", "5.3");
        ObjectNode message = JSON.createObjectNode();
        message.put("channel", channel);
        message.set("header", header);
        message.set("parent_header", JSON.createObjectNode());
        message.set("metadata", JSON.createObjectNode());
        message.set("content", JSON.valueToTree(content));
        message.set("buffers", JSON.createArrayNode());
        socket.sendText(message.toString(), true).join();
        return msgId;
    }

    String execute(String code) {
        return send("shell", "execute_request", Map.of("code", code, "silent", false, "store_history", true,
                "user_expressions", Map.of(), "allow_stdin", false, "stop_on_error", true));
    }

    /** The first message answering {@code parentId} with this msg_type, waiting for it. */
    JsonNode await(String parentId, String msgType, Duration timeout) {
        return awaitMatching(m -> parentId.equals(m.path("parent_header").path("msg_id").asText())
                && msgType.equals(m.path("header").path("msg_type").asText()), timeout, parentId + " " + msgType);
    }

    /** The messages answering {@code parentId}, in the order they came, once its execute_reply and idle are in. */
    List<JsonNode> replies(String parentId, Duration timeout) {
        await(parentId, "execute_reply", timeout);
        awaitMatching(m -> parentId.equals(m.path("parent_header").path("msg_id").asText())
                && "idle".equals(m.path("content").path("execution_state").asText()), timeout, parentId + " idle");
        synchronized (received) {
            return received.stream().filter(m -> parentId.equals(m.path("parent_header").path("msg_id").asText())).toList();
        }
    }

    /** All the text a cell wrote to stdout and stderr, in order: the kernel may send one line in several messages. */
    String printed(String parentId, Duration timeout) {
        return streamText(replies(parentId, timeout));
    }

    static String streamText(List<JsonNode> replies) {
        StringBuilder text = new StringBuilder();
        replies.stream().filter(m -> "stream".equals(m.path("header").path("msg_type").asText()))
                .forEach(m -> text.append(m.path("content").path("text").asText()));
        return text.toString();
    }

    JsonNode awaitMatching(Predicate<JsonNode> wanted, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (true) {
                for (JsonNode m : received) {
                    if (wanted.test(m)) {
                        return m;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    fail("no " + what + " within " + timeout + "; received: " + summary());
                }
                try {
                    received.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    fail("interrupted");
                }
            }
        }
    }

    /** The close reason, once the server closed the WebSocket. */
    String awaitClosed(Duration timeout) throws Exception {
        return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    String summary() {
        synchronized (received) {
            return received.stream().map(m -> m.path("channel").asText() + ":" + m.path("header").path("msg_type").asText()
                    + (m.path("content").has("execution_state") ? "(" + m.path("content").path("execution_state").asText() + ")" : ""))
                    .toList().toString();
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                JsonNode message = JSON.readTree(partial.toString());
                synchronized (received) {
                    received.add(message);
                    received.notifyAll();
                }
            } catch (Exception e) {
                fail("the server sent a frame that is not JSON: " + partial);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode + " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete("error " + error);
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
        socket.abort();
    }
}
