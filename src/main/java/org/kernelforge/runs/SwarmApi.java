package org.kernelforge.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A swarm manager's Engine API (1.41, the first with replicated jobs). Services, tasks, nodes, configs and secrets
 * are plain JSON over docker-java's HTTP client (docker-java 3.5 has no job mode, capabilities, ulimits or pids
 * limit in its service spec); logs go through docker-java's client on the same connection, which de-multiplexes them.
 */
final class SwarmApi implements AutoCloseable {

    static final String VERSION = "/v1.41";

    private final DockerHttpClient http;
    private final DockerClient docker;
    private final ObjectMapper json = new ObjectMapper();

    SwarmApi(String manager) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(manager).withApiVersion("1.41").build();
        // a remote manager over TLS: DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, as the docker CLI reads them
        this.http = new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost()).sslConfig(config.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(5)).responseTimeout(Duration.ofMinutes(5)).maxConnections(32).build();
        this.docker = DockerClientImpl.getInstance(config, http);
    }

    DockerClient docker() {
        return docker;
    }

    ObjectNode object() {
        return json.createObjectNode();
    }

    String createService(JsonNode spec) {
        return call("POST", "/services/create", spec).orElseThrow().path("ID").asText();
    }

    Optional<JsonNode> service(String id) {
        return call("GET", "/services/" + enc(id), null);
    }

    /** Removing a service stops its task's container: SIGTERM, the spec's stop grace period, SIGKILL. */
    void removeService(String id) {
        call("DELETE", "/services/" + enc(id), null);
    }

    List<JsonNode> servicesLabelled(String label) {
        return list(call("GET", "/services?filters=" + filters(Map.of("label", List.of(label))), null));
    }

    List<JsonNode> tasks(String serviceId) {
        return list(call("GET", "/tasks?filters=" + filters(Map.of("service", List.of(serviceId))), null));
    }

    Optional<JsonNode> node(String id) {
        return call("GET", "/nodes/" + enc(id), null);
    }

    List<JsonNode> nodes() {
        return list(call("GET", "/nodes", null));
    }

    /** The image's id on the manager (every node is given the same image: deploy/swarm/up.sh). */
    Optional<JsonNode> image(String reference) {
        return call("GET", "/images/" + reference + "/json", null);
    }

    /** A config holding {@code data}, made once per name (names carry the content's hash). Returns its id. */
    String config(String name, byte[] data, Map<String, String> labels) {
        List<JsonNode> found = list(call("GET", "/configs?filters=" + filters(Map.of("name", List.of(name))), null));
        for (JsonNode config : found) {
            if (name.equals(config.path("Spec").path("Name").asText())) {
                return config.path("ID").asText();
            }
        }
        ObjectNode spec = object().put("Name", name).put("Data", Base64.getEncoder().encodeToString(data));
        spec.set("Labels", json.valueToTree(labels));
        try {
            return call("POST", "/configs/create", spec).orElseThrow().path("ID").asText();
        } catch (SwarmApiException e) {
            if (e.status == 409) { // another server made it first
                return config(name, data, labels);
            }
            throw e;
        }
    }

    String createSecret(String name, byte[] data, Map<String, String> labels) {
        ObjectNode spec = object().put("Name", name).put("Data", Base64.getEncoder().encodeToString(data));
        spec.set("Labels", json.valueToTree(labels));
        return call("POST", "/secrets/create", spec).orElseThrow().path("ID").asText();
    }

    void removeSecret(String idOrName) {
        call("DELETE", "/secrets/" + enc(idOrName), null);
    }

    List<JsonNode> secretsLabelled(String label) {
        return list(call("GET", "/secrets?filters=" + filters(Map.of("label", List.of(label))), null));
    }

    /** An API error: the engine's status and its message. */
    static final class SwarmApiException extends RuntimeException {
        final int status;

        SwarmApiException(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** The response's JSON; empty for a 404 and for an empty body. */
    private Optional<JsonNode> call(String method, String path, JsonNode body) {
        DockerHttpClient.Request.Builder request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.valueOf(method)).path(VERSION + path);
        if (body != null) {
            try {
                request.putHeader("Content-Type", "application/json")
                        .body(new ByteArrayInputStream(json.writeValueAsBytes(body)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try (DockerHttpClient.Response response = http.execute(request.build()); InputStream in = response.getBody()) {
            byte[] bytes = in == null ? new byte[0] : in.readAllBytes();
            int status = response.getStatusCode();
            if (status == 404) {
                return Optional.empty();
            }
            if (status / 100 != 2) {
                String message = new String(bytes, StandardCharsets.UTF_8);
                try {
                    message = json.readTree(bytes).path("message").asText(message);
                } catch (IOException notJson) {
                    // the raw body is the message
                }
                throw new SwarmApiException(status, "the swarm manager answered " + status + " to " + method + " "
                        + path.replaceAll("\\?.*", "") + ": " + message.strip());
            }
            return bytes.length == 0 ? Optional.empty() : Optional.of(json.readTree(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonNode> list(Optional<JsonNode> array) {
        List<JsonNode> items = new ArrayList<>();
        array.ifPresent(a -> a.forEach(items::add));
        return items;
    }

    private String filters(Map<String, List<String>> filters) {
        try {
            return enc(json.writeValueAsString(filters));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        docker.close();
    }
}
