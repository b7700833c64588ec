package org.kernelforge.kernels;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** The packaged server (target/quarkus-app) as a process of its own, so a test can kill -9 it. */
final class ServerProcess {

    private final Path dataDir;
    private final int port;
    private final Map<String, String> env;
    private final String jar;
    private Process process;

    ServerProcess(Path dataDir, Map<String, String> env) throws IOException {
        this(dataDir, env, "target/quarkus-app/quarkus-run.jar");
    }

    /** {@code jar}: another packaging of the server, e.g. the PostgreSQL one. */
    ServerProcess(Path dataDir, Map<String, String> env, String jar) throws IOException {
        this.jar = jar;
        this.dataDir = dataDir.toAbsolutePath();
        this.env = env;
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
    }

    /** An environment variable of the test run, or {@code fallback} when it is unset or blank. */
    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    void start() throws Exception {
        start(Duration.ofSeconds(90));
    }

    void start(Duration within) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("java", "-jar", jar)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("server.log").toFile()));
        dataDir.toFile().mkdirs();
        builder.environment().putAll(env);
        builder.environment().put("KF_DATA_DIR", dataDir.toString());
        builder.environment().put("KF_HTTP_PORT", String.valueOf(port));
        builder.environment().put("KF_HTTP_HOST", "127.0.0.1");
        process = builder.start();
        awaitLive(within);
    }

    /** The data dir's name (a, b, ...), to tell replicas apart in a report. */
    String name() {
        return dataDir.getFileName().toString();
    }

    /**
     * Every thread's stack (jcmd Thread.print), for a test that found the server stuck: where it waits says why.
     * Never throws: a report of what could not be had instead.
     */
    String threadDump() {
        if (process == null || !process.isAlive()) {
            return "(the server of " + dataDir + " is not running)";
        }
        try {
            Process jcmd = new ProcessBuilder("jcmd", String.valueOf(process.pid()), "Thread.print", "-l")
                    .redirectErrorStream(true).start();
            byte[] out = jcmd.getInputStream().readAllBytes();
            jcmd.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            return new String(out, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException | InterruptedException e) {
            return "(no thread dump of pid " + process.pid() + ": " + e + ")";
        }
    }

    /** The last {@code lines} lines of the server's log. */
    String logTail(int lines) {
        try {
            java.util.List<String> all = java.nio.file.Files.readAllLines(dataDir.resolve("server.log"));
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGKILL: no shutdown hook runs, exactly like kill -9. */
    void killHard() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
    }

    private void awaitLive(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited; see " + dataDir.resolve("server.log"));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/live")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the server did not start within " + timeout);
    }
}
