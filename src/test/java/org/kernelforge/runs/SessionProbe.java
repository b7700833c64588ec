package org.kernelforge.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A Jupyter client in a test: builds plain protocol messages and records what a session sends back. */
class SessionProbe implements SessionListener {

    static final ObjectMapper JSON = new ObjectMapper();

    final List<JsonNode> messages = new CopyOnWriteArrayList<>();
    final List<String> states = new CopyOnWriteArrayList<>();
    final List<SessionEnd> ends = new CopyOnWriteArrayList<>();
    final String clientSession = UUID.randomUUID().toString();

    @Override
    public synchronized void onMessage(String message) {
        try {
            messages.add(JSON.readTree(message));
        } catch (Exception e) {
            throw new IllegalStateException("not JSON: " + message, e);
        }
        notifyAll();
    }

    @Override
    public synchronized void onKernelState(String state) {
        states.add(state);
        notifyAll();
    }

    @Override
    public synchronized void onEnded(SessionEnd end) {
        ends.add(end);
        notifyAll();
    }

    /** A message in Jupyter Server's WebSocket JSON form. */
    String message(String channel, String msgType, String msgId, ObjectNode content) {
        ObjectNode m = JSON.createObjectNode();
        m.put("channel", channel);
        ObjectNode header = m.putObject("header");
        header.put("msg_id", msgId);
        header.put("msg_type", msgType);
        header.put("username", "tester");
        header.put("session", clientSession);
        header.put("date", "2026-12-05T00:00:00.000Z");
        header.put("version", "5.3");
        m.putObject("parent_header");
        m.putObject("metadata");
        m.set("content", content);
        m.putArray("buffers");
        return m.toString();
    }

    String execute(String msgId, String code) {
        ObjectNode content = JSON.createObjectNode();
        content.put("code", code);
        content.put("silent", false);
        content.put("store_history", true);
        content.putObject("user_expressions");
        content.put("allow_stdin", false);
        content.put("stop_on_error", true);
        return message("shell", "execute_request", msgId, content);
    }

    /** The messages answering {@code msgId}. */
    List<JsonNode> repliesTo(String msgId) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode m : messages) {
            if (msgId.equals(m.path("parent_header").path("msg_id").asText())) {
                found.add(m);
            }
        }
        return found;
    }

    /** The first message answering {@code msgId} of type {@code msgType}, waiting up to {@code timeout}. */
    JsonNode await(String msgId, String msgType, Duration timeout) throws InterruptedException {
        return await(m -> msgId.equals(m.path("parent_header").path("msg_id").asText())
                && msgType.equals(m.path("msg_type").asText()), timeout, msgType + " to " + msgId);
    }

    /**
     * Waits until the kernel is idle again after {@code msgId}: all its iopub output has come then (the reply on shell
     * may come before the last output on iopub).
     */
    JsonNode awaitIdle(String msgId, Duration timeout) throws InterruptedException {
        return await(m -> msgId.equals(m.path("parent_header").path("msg_id").asText())
                && "status".equals(m.path("msg_type").asText())
                && "idle".equals(m.path("content").path("execution_state").asText()), timeout, "idle after " + msgId);
    }

    synchronized JsonNode await(Predicate<JsonNode> wanted, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (true) {
            for (; seen < messages.size(); seen++) {
                if (wanted.test(messages.get(seen))) {
                    return messages.get(seen);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + what + " within " + timeout + "; received " + summary());
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    synchronized SessionEnd awaitEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ends.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("the session did not end within " + timeout);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return ends.get(0);
    }

    /** The text of the stream messages answering {@code msgId}. */
    String streamText(String msgId) {
        StringBuilder text = new StringBuilder();
        for (JsonNode m : repliesTo(msgId)) {
            if (m.path("msg_type").asText().equals("stream")) {
                text.append(m.path("content").path("text").asText());
            }
        }
        return text.toString();
    }

    String summary() {
        StringBuilder s = new StringBuilder();
        for (JsonNode m : messages) {
            s.append(m.path("channel").asText()).append('/').append(m.path("msg_type").asText()).append('(')
                    .append(m.path("parent_header").path("msg_id").asText()).append(") ");
        }
        return s.toString();
    }
}
