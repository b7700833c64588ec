package org.kernelforge.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kernelforge.ReadyEnvironments;
import org.kernelforge.TestAccounts.Account;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sessions of R kernels on the real engine: IRkernel in the kernel's environment (the shipped {@code r}, built from the
 * loopback apt mirror when the database has no ready version), driven with plain Jupyter messages.
 */
@QuarkusTest
@Timeout(value = 45, unit = TimeUnit.MINUTES) // the first test of a fresh database builds the r environment
class RSessionTest extends SessionsTestBase {

    @Test
    void anRKernelsSessionRunsIRkernelWithPlotsAsPngAndARestartForgetsItsState() throws Exception {
        Account owner = user("rsess");
        dataset(owner, "heights", "heights.csv", "h\n170\n182\n", true);
        rKernel(owner, "r-analysis", ReadyEnvironments.dockerImage("r"), List.of(owner.username() + "/heights"));

        // no kernelspec named: the kernel's language decides, as the editor's session bar shows it
        String id = jupyter(owner).contentType(ContentType.JSON).body(Map.of("path", owner.username() + "/r-analysis"))
                .post("/jupyter/api/kernels")
                .then().statusCode(201)
                .body("name", equalTo("ir"))
                .body("kernelforge.language", equalTo("r"))
                .extract().path("id");
        jupyter(owner).get("/jupyter/api/kernels/" + id).then().statusCode(200).body("name", equalTo("ir"));

        try (JupyterClient client = openWithToken(owner, id)) {
            String info = client.send("shell", "kernel_info_request", Map.of());
            JsonNode reply = client.await(info, "kernel_info_reply", ANSWER).path("content");
            assertEquals("R", reply.path("language_info").path("name").asText(), reply.toString());

            String sum = client.execute("x <- 1:10; sum(x)");
            assertEquals("[1] 55", result(client, sum).path("text/plain").asText());
            assertEquals("ok", client.await(sum, "execute_reply", ANSWER).path("content").path("status").asText());

            String read = client.execute("mean(read.csv('/kaggle/input/heights/heights.csv')$h)");
            assertEquals("[1] 176", result(client, read).path("text/plain").asText());
            String denied = client.execute("file.create('/kaggle/input/heights/new.csv')");
            assertEquals("[1] FALSE", result(client, denied).path("text/plain").asText(), "the inputs are read-only");
            String cwd = client.execute("writeLines('kept', 'out.txt'); getwd()");
            assertEquals("[1] \"/kaggle/working\"", result(client, cwd).path("text/plain").asText());

            String plot = client.execute("""
                    library(ggplot2)
                    ggplot(data.frame(a = 1:3, b = c(1, 4, 9)), aes(a, b)) + geom_line()
                    """);
            String png = result(client, plot).path("image/png").asText();
            assertTrue(png.startsWith("iVBORw0KGgo") && png.length() > 1000, "a ggplot2 plot comes back as image/png");
        }

        jupyter(owner).post("/jupyter/api/kernels/" + id + "/restart").then().statusCode(200)
                .body("id", equalTo(id)).body("name", equalTo("ir"));
        try (JupyterClient client = openWithToken(owner, id)) {
            String exists = client.execute("exists('x')");
            assertEquals("[1] FALSE", result(client, exists).path("text/plain").asText(), "a restart forgets x");
            assertEquals(1, client.await(exists, "execute_reply", ANSWER).path("content").path("execution_count").asInt(),
                    "the restarted kernel counts from 1");
        }
    }

    @Test
    void interruptStopsSysSleepAndTheRKernelGoesOnWithItsState() throws Exception {
        Account owner = user("rsess");
        rKernel(owner, "r-sleeps", ReadyEnvironments.dockerImage("r"), List.of());
        String id = start(owner, Map.of("name", "ir", "path", owner.username() + "/r-sleeps"));

        try (JupyterClient client = openWithToken(owner, id)) {
            client.replies(client.execute("y <- 41"), ANSWER);
            // the cell says when it is in its sleep (a line is evaluated, and its output sent, before the next one runs): an
            // interrupt that comes while IRkernel still parses the cell is not one of the cell's
            String sleep = client.execute("cat('sleeping\\n')\nSys.sleep(60)");
            client.awaitMatching(m -> sleep.equals(m.path("parent_header").path("msg_id").asText())
                    && "stream".equals(m.path("header").path("msg_type").asText())
                    && m.path("content").path("text").asText().contains("sleeping"), ANSWER, "the cell's line before its sleep");
            long asked = System.nanoTime();
            jupyter(owner).post("/jupyter/api/kernels/" + id + "/interrupt").then().statusCode(204);
            JsonNode reply = client.await(sleep, "execute_reply", Duration.ofSeconds(10));
            long tookMs = (System.nanoTime() - asked) / 1_000_000;
            // IRkernel answers an interrupted cell with status "abort" (ipykernel: "error", KeyboardInterrupt)
            assertEquals("abort", reply.path("content").path("status").asText(), reply.toString());
            assertTrue(tookMs < 2000, "interrupted after " + tookMs + " ms");
            client.replies(sleep, ANSWER);

            String again = client.execute("y + 1");
            assertEquals("[1] 42", result(client, again).path("text/plain").asText());
        }
    }

    @Test
    void kernelspecsOfferIrAndAnUnknownOneIsRefusedNamingTheField() throws Exception {
        Account owner = user("rsess");
        jupyter(owner).get("/jupyter/api/kernelspecs").then().statusCode(200)
                .body("default", equalTo("python3"))
                .body("kernelspecs.ir.name", equalTo("ir"))
                .body("kernelspecs.ir.spec.language", equalTo("R"))
                .body("kernelspecs.ir.spec.argv", hasItems("R", "IRkernel::main()", "{connection_file}"))
                .body("kernelspecs.ir.resources", equalTo(Map.of()));
        jupyter(owner).contentType(ContentType.JSON).body(Map.of("name", "julia-1.9"))
                .post("/jupyter/api/kernels")
                .then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("name"))
                .body("detail", containsString("'ir' (R)"));

        // an R kernel of no Kernelforge kernel runs in the shipped r environment
        ReadyEnvironments.dockerImage("r");
        String id = start(owner, Map.of("name", "ir"));
        try (JupyterClient client = openWithToken(owner, id)) {
            assertEquals("[1] \"4\"", result(client, client.execute("R.version$major")).path("text/plain").asText());
        }
    }

    /**
     * An R session in an environment whose packages lack IRkernel is refused before anything starts, naming the
     * Debian package. The kernel's draft names the python environment, whose package list is known and has no R.
     */
    @Test
    void anRSessionInAnEnvironmentWithoutIRkernelIsRefusedNamingThePackage() throws Exception {
        Account owner = user("rsess");
        rKernel(owner, "r-in-python", ReadyEnvironments.dockerImage("r"), List.of());
        awaitPackagesListed("python");
        owner.given().contentType(ContentType.JSON)
                .body(Map.of("source", "1 + 1\n", "settings", Map.of("docker_image", "python")))
                .put("/api/kernels/" + owner.username() + "/r-in-python/draft").then().statusCode(200);

        jupyter(owner).contentType(ContentType.JSON).body(Map.of("path", owner.username() + "/r-in-python"))
                .post("/jupyter/api/kernels")
                .then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("docker_image"))
                .body("detail", containsString("no IRkernel"))
                .body("detail", containsString("r-cran-irkernel"))
                .body("detail", containsString("'python'"));
        jupyter(owner).get("/jupyter/api/kernels").then().statusCode(200).body("size()", equalTo(0));
        assertEquals(0, sessionContainers(), "nothing was started");

        // a Python session of the same kernel runs in that environment
        String id = start(owner, Map.of("name", "python3", "path", owner.username() + "/r-in-python"));
        jupyter(owner).get("/jupyter/api/kernels/" + id).then().statusCode(200).body("name", equalTo("python3"));
    }

    /** The data of the display_data or execute_result answering {@code msgId}, once the kernel is idle after it. */
    private static JsonNode result(JupyterClient client, String msgId) {
        for (JsonNode m : client.replies(msgId, ANSWER)) {
            String type = m.path("header").path("msg_type").asText();
            if (type.equals("display_data") || type.equals("execute_result")) {
                return m.path("content").path("data");
            }
        }
        throw new AssertionError("no result of " + msgId + ": " + client.summary());
    }

    private static String start(Account account, Map<String, Object> body) {
        return jupyter(account).contentType(ContentType.JSON).body(body).post("/jupyter/api/kernels")
                .then().statusCode(201).extract().path("id");
    }

    /** Saves an R script kernel in {@code dockerImage} without running it (Quick Save). */
    static void rKernel(Account owner, String slug, String dockerImage, List<String> datasets) {
        Map<String, Object> push = new HashMap<>();
        push.put("title", "An R script");
        push.put("kernel_type", "script");
        push.put("language", "r");
        push.put("docker_image", dockerImage);
        push.put("mode", "quick");
        push.put("is_private", true);
        push.put("dataset_sources", datasets);
        push.put("source", "x <- 1\n");
        owner.given().contentType(ContentType.JSON).body(push)
                .post("/api/kernels/" + owner.username() + "/" + slug + "/versions").then().statusCode(202);
    }

    /** The server lists the packages of an environment version at start, in the background. */
    private static void awaitPackagesListed(String environment) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            List<?> packages = io.restassured.RestAssured.given().get("/api/environments/" + environment + "/versions/latest")
                    .then().statusCode(200).extract().path("packages");
            if (packages != null && !packages.isEmpty()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the packages of " + environment + " were not listed within 2 minutes");
    }
}
