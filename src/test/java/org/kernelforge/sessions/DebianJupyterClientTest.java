package org.kernelforge.sessions;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kernelforge.TestAccounts.Account;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An outside client: Debian's jupyter_client and websocket-client (src/examples/jupyter_session.py) run code in a
 * session through the API. Skipped where /usr/bin/python3 lacks them (apt-get install python3-jupyter-client
 * python3-websocket).
 */
@QuarkusTest
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class DebianJupyterClientTest extends SessionsTestBase {

    private static final String PYTHON = "/usr/bin/python3";

    @Test
    void debiansJupyterClientRunsCodeInASession() throws Exception {
        assumeTrue(run(List.of(PYTHON, "-c", "import jupyter_client, websocket")).exit() == 0,
                "Debian's python3-jupyter-client and python3-websocket are not installed");
        Account owner = user("debian");
        dataset(owner, "letters", "letters.csv", "l\nq\n", true);
        kernel(owner, "with-letters", true, List.of(owner.username() + "/letters"));

        Result result = run(List.of(PYTHON, Path.of("src/examples/jupyter_session.py").toAbsolutePath().toString(),
                "http://localhost:" + RestAssured.port + "/jupyter/", owner.key(), owner.username() + "/with-letters",
                "x = 41\nprint(x + 1, open('/kaggle/input/letters/letters.csv').read().split()[1])"));

        assertEquals(0, result.exit(), result.output());
        assertEquals("42 q\n", result.stdout(), result.output());
    }

    /**
     * Jupyter Server in gateway mode, as JupyterLab reaches remote kernels: it starts, finds and talks to kernels
     * through this API (with {@code Authorization: token}), and forwards KERNEL_KERNELFORGE_PATH naming the kernel.
     */
    @Test
    void jupyterServerInGatewayModeRunsCodeInASession() throws Exception {
        assumeTrue(run(List.of(PYTHON, "-c", "import jupyter_server, websocket")).exit() == 0,
                "Debian's python3-jupyter-server is not installed");
        Account owner = user("gateway");
        dataset(owner, "words", "words.csv", "w\nhello\n", true);
        kernel(owner, "with-words", true, List.of(owner.username() + "/words"));
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path root = Files.createTempDirectory("jupyter-gateway");
        Path log = root.resolve("server.log");
        ProcessBuilder builder = new ProcessBuilder(PYTHON, "-m", "jupyter_server", "--no-browser", "--allow-root", "--port=" + port,
                "--ServerApp.ip=127.0.0.1", "--ServerApp.token=local-token", "--ServerApp.root_dir=" + root,
                "--gateway-url=http://localhost:" + RestAssured.port + "/jupyter",
                "--GatewayClient.auth_token=" + owner.key())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("KERNEL_KERNELFORGE_PATH", owner.username() + "/with-words");
        builder.environment().put("JUPYTER_RUNTIME_DIR", root.resolve("runtime").toString());
        builder.environment().put("JUPYTER_DATA_DIR", root.resolve("data").toString());
        builder.environment().put("JUPYTER_CONFIG_DIR", root.resolve("config").toString());
        Process server = builder.start();
        try {
            waitForJupyterServer(port, server, log);
            Result result = run(List.of(PYTHON, Path.of("src/examples/jupyter_session.py").toAbsolutePath().toString(),
                    "http://127.0.0.1:" + port + "/", "local-token", "-",
                    "print(open('/kaggle/input/words/words.csv').read().split()[1])"));
            assertEquals(0, result.exit(), result.output() + read(log));
            assertEquals("hello\n", result.stdout(), result.output() + read(log));
        } finally {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private static void waitForJupyterServer(int port, Process server, Path log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new AssertionError("Jupyter Server did not start: " + read(log));
            }
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api")).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("Jupyter Server did not answer within 90 s: " + read(log));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private record Result(int exit, String stdout, String output) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("jupyter-client", ".out");
        Path err = Files.createTempFile("jupyter-client", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            boolean ended;
            try {
                ended = process.waitFor(3, TimeUnit.MINUTES);
            } finally {
                if (process.isAlive()) { // past 3 minutes, or the test's @Timeout interrupted the wait
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            String output = stdout + Files.readString(err, StandardCharsets.UTF_8) + (ended ? "" : "\n(killed after 3 minutes)");
            return new Result(ended ? process.exitValue() : -1, stdout, output);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
