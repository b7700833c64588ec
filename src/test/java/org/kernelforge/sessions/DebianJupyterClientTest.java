package org.kernelforge.sessions;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kernelforge.TestAccounts.Account;

import java.io.IOException;
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

    private record Result(int exit, String stdout, String output) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("jupyter-client", ".out");
        Path err = Files.createTempFile("jupyter-client", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            return new Result(process.exitValue(), stdout, stdout + Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
