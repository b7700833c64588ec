package org.kernelforge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

/**
 * The HTTP side of one soak user (java.net.http): its own cookies (the pages are seen signed in), its API key as
 * HTTP Basic for the API, and every request timed into {@link SoakStats} under a route name.
 */
final class SoakClient {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final String server;
    private final SoakStats stats;
    private final HttpClient http;
    private String authorization;

    SoakClient(String server, SoakStats stats) {
        this.server = server;
        this.stats = stats;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(30)).build();
    }

    void useAuthorization(String authorization) {
        this.authorization = authorization;
    }

    void useApiKey(String username, String key) {
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((username + ":" + key).getBytes(StandardCharsets.UTF_8));
    }

    /** An answer; status 0 when the request got none (connection refused or reset, time-out). */
    record Answer(int status, String body) {
        boolean ok() {
            return status >= 200 && status < 400;
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }
    }

    /** A page as a browser asks for it: with the session cookie, without the API key. */
    Answer page(String route, String path) {
        return send(route, request(path).header("Accept", "text/html").GET(), false);
    }

    Answer get(String route, String path) {
        return send(route, request(path).GET(), true);
    }

    Answer get(String route, String path, String accept) {
        return send(route, request(path).header("Accept", accept).GET(), true);
    }

    Answer postJson(String route, String path, Object body) {
        return send(route, request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(toJson(body))), true);
    }

    Answer put(String route, String path, String contentType, byte[] body) {
        return send(route, request(path).header("Content-Type", contentType).PUT(HttpRequest.BodyPublishers.ofByteArray(body)), true);
    }

    Answer postMultipart(String route, String path, Multipart form) {
        return send(route, request(path).header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes())), true);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(server + path)).timeout(TIMEOUT);
    }

    private Answer send(String route, HttpRequest.Builder builder, boolean withKey) {
        if (withKey && authorization != null) {
            builder.header("Authorization", authorization);
        }
        long start = System.nanoTime();
        int status;
        String body;
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            body = response.body();
        } catch (IOException e) {
            status = 0;
            body = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 0;
            body = "interrupted";
        }
        stats.record(route, (System.nanoTime() - start) / 1000, status, body);
        return new Answer(status, body);
    }

    private static String toJson(Object body) {
        try {
            return body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A multipart/form-data body built in memory (the soak's files are small). */
    static final class Multipart {
        private final String boundary = "soak-" + UUID.randomUUID();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Multipart text(String name, String value, String contentType) {
            head("form-data; name=\"" + name + "\"", contentType);
            content(value.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Multipart file(String name, String filename, String contentType, byte[] content) {
            head("form-data; name=\"" + name + "\"; filename=\"" + filename + "\"", contentType);
            content(content);
            return this;
        }

        String contentType() {
            return "multipart/form-data; boundary=" + boundary;
        }

        byte[] bytes() {
            out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            return out.toByteArray();
        }

        private void head(String disposition, String contentType) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: " + disposition + "\r\nContent-Type: " + contentType
                    + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        }

        private void content(byte[] bytes) {
            out.writeBytes(bytes);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
    }
}
