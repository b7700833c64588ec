package org.kernelforge.sessions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * The few fields of Jupyter messages (protocol 5.x, in Jupyter Server's WebSocket JSON form) that the server reads
 * to route them and to know the kernel's state; everything else passes through untouched.
 */
final class JupyterMessages {

    static final String IOPUB = "iopub";
    private static final Set<String> FROM_CLIENTS = Set.of("shell", "control", "stdin");
    private static final ObjectMapper JSON = new ObjectMapper();

    private JupyterMessages() {
    }

    /**
     * A message from the kernel: its channel, the client session it answers ({@code parent_header.session}, may be
     * null) and, for a {@code status} message, the execution state it reports.
     */
    record FromKernel(String channel, String parentSession, String executionState) {

        boolean isIopub() {
            return IOPUB.equals(channel);
        }
    }

    /** A client's message: the channel it goes to and the client's session ({@code header.session}). */
    record FromClient(String channel, String session, String msgType) {
    }

    static FromKernel fromKernel(String message) {
        JsonNode root = parse(message);
        String channel = root.path("channel").asText(null);
        String parentSession = root.path("parent_header").path("session").asText(null);
        String msgType = root.path("header").path("msg_type").asText(root.path("msg_type").asText(""));
        String state = "status".equals(msgType) ? root.path("content").path("execution_state").asText(null) : null;
        return new FromKernel(channel, parentSession, state);
    }

    /** @throws IllegalArgumentException when it is not a message a client may send */
    static FromClient fromClient(String message) {
        JsonNode root = parse(message);
        String channel = root.path("channel").asText("");
        if (!FROM_CLIENTS.contains(channel)) {
            throw new IllegalArgumentException("a client message goes to shell, control or stdin, not '" + channel + "'");
        }
        JsonNode header = root.path("header");
        if (!header.isObject() || !header.path("msg_type").isTextual()) {
            throw new IllegalArgumentException("a client message needs a header with msg_type");
        }
        return new FromClient(channel, header.path("session").asText(null), header.get("msg_type").textValue());
    }

    /** An iopub {@code status} message of the server's own (no parent), as Jupyter Server sends for restarting and dead. */
    static String status(String executionState) {
        String id = UUID.randomUUID().toString();
        ObjectNode header = JSON.createObjectNode()
                .put("msg_id", id)
                .put("msg_type", "status")
                .put("username", "kernelforge")
                .put("session", id)
                .put("date", Instant.now().toString())
                .put("version", "5.3");
        ObjectNode message = JSON.createObjectNode();
        message.put("channel", IOPUB);
        message.set("header", header);
        message.set("parent_header", JSON.createObjectNode());
        message.set("metadata", JSON.createObjectNode());
        message.set("content", JSON.createObjectNode().put("execution_state", executionState));
        message.set("buffers", JSON.createArrayNode());
        message.put("msg_id", id);
        message.put("msg_type", "status");
        return message.toString();
    }

    private static JsonNode parse(String message) {
        try {
            JsonNode root = JSON.readTree(message);
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("a Jupyter message is a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
    }
}
