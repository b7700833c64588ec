package org.kernelforge.kernels;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.kernelforge.ReadyEnvironments;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernelforge.kernels.KernelFixtures.as;

/**
 * R kernels on the shipped {@code r} environment, on the real engine: scripts run with Rscript, notebooks on IRkernel,
 * with the same capture, rendering and failure classification as Python's.
 */
@QuarkusTest
class RKernelsTest {

    private static final Duration RUN = Duration.ofMinutes(4);

    @Test
    void anRScriptRunsWithRscriptPrintsLikeRAndLeavesItsOutputFiles() {
        Account ann = TestAccounts.signUp("ann");
        int version = KernelFixtures.push(ann, "r-script", rScript("""
                library(data.table)
                dt <- data.table(x = 1:3)
                dt[, y := x * x]
                cat("rows:", nrow(dt), "\\n")
                summary(dt$y)
                fwrite(dt, "squares.csv")
                """));
        Map<String, Object> v = KernelFixtures.awaitFinished(ann, "r-script", version, RUN);
        assertEquals("complete", v.get("status"), v.toString());
        assertEquals("r", v.get("language"));

        String api = "/api/kernels/" + ann.username() + "/r-script/versions/" + version;
        String log = as(ann).accept("text/plain").get(api + "/log").then().statusCode(200).extract().asString();
        assertTrue(log.startsWith("rows: 3 \n"), "data.table's := prints nothing, as at R's top level: " + log);
        assertTrue(log.contains("Min. 1st Qu.") && log.contains("4.667"), "a visible top-level value is printed: " + log);
        as(ann).get(api + "/output/squares.csv").then().statusCode(200).body(containsString("x,y\n1,1\n2,4\n3,9\n"));
        as(ann).get(api + "/source").then().statusCode(200)
                .header("Content-Disposition", containsString("r-script.R"))
                .contentType(containsString("text/x-r"));
    }

    @Test
    void anRErrorIsAnExceptionWithRsMessageAndTheLineOfTheScriptWhereItWasRaised() {
        Account bo = TestAccounts.signUp("bo");
        int version = KernelFixtures.push(bo, "r-fails", rScript("""
                cat("before\\n")
                check <- function(v) {
                  if (v > 2) stop("value too large: ", v)
                  v
                }
                check(1)
                for (i in 1:5) check(i)
                cat("never\\n")
                """));
        Map<String, Object> v = KernelFixtures.awaitFinished(bo, "r-fails", version, RUN);
        Map<?, ?> failure = (Map<?, ?>) v.get("failure");
        assertEquals("exception", failure.get("kind"), v.toString());
        assertEquals("Error: value too large: 3 at line 3", failure.get("message"));
        assertEquals(Map.of("line", 3), failure.get("location"));
        String log = as(bo).accept("text/plain").get("/api/kernels/" + bo.username() + "/r-fails/versions/" + version + "/log")
                .then().statusCode(200).extract().asString();
        assertTrue(log.startsWith("before\n"), log);
        assertTrue(log.contains("Error in check(i): value too large: 3"), log);
        assertFalse(log.contains("never") || log.contains(".runner"), "nothing after the error, no runner frame: " + log);
    }

    @Test
    void anRErrorAtTheTopLevelAndAParseErrorNameTheirLine() {
        Account cy = TestAccounts.signUp("cy");
        int missing = KernelFixtures.push(cy, "r-missing", rScript("x <- 1\n\ny <- x + not_defined\n"));
        Map<?, ?> failure = (Map<?, ?>) KernelFixtures.awaitFinished(cy, "r-missing", missing, RUN).get("failure");
        assertEquals("Error: object 'not_defined' not found at line 3", failure.get("message"));

        int unparsable = KernelFixtures.push(cy, "r-syntax", rScript("a <- 1\nb <- a +* 2\n"));
        failure = (Map<?, ?>) KernelFixtures.awaitFinished(cy, "r-syntax", unparsable, RUN).get("failure");
        assertEquals("exception", failure.get("kind"));
        assertEquals("Error: unexpected '*' at line 2", failure.get("message"));
    }

    @Test
    void anRNotebookWithAGgplotCompletesAndItsRenderingShowsThePlotAsAnImage() {
        Account di = TestAccounts.signUp("di");
        int version = KernelFixtures.push(di, "r-plot", rNotebook(List.of(
                KernelFixtures.code("library(ggplot2)\ndf <- data.frame(x = 1:10, y = (1:10)^2)\ncat('points:', nrow(df), '\\n')"),
                KernelFixtures.code("ggplot(df, aes(x, y)) + geom_line() + ggtitle('squares')"),
                KernelFixtures.code("write.csv(df, 'squares.csv', row.names = FALSE)"))));
        Map<String, Object> v = KernelFixtures.awaitFinished(di, "r-plot", version, RUN);
        assertEquals("complete", v.get("status"), v.toString());

        String api = "/api/kernels/" + di.username() + "/r-plot/versions/" + version;
        String html = as(di).get(api + "/notebook.html").then().statusCode(200).extract().asString();
        int cell2 = html.indexOf("id=\"cell-2\"");
        assertTrue(cell2 > 0, "cells are anchored");
        assertTrue(html.indexOf("<img src=\"data:image/png;base64,", cell2) > cell2, "the plot is an image in cell 2");
        as(di).get(api + "/notebook.ipynb").then().statusCode(200)
                .body(containsString("\"image/png\""), containsString("points: 10"), containsString("\"name\": \"ir\""));
        as(di).get(api + "/output/squares.csv").then().statusCode(200).body(containsString("\"x\",\"y\"\n1,1\n"));
        String log = as(di).accept("text/plain").get(api + "/log").then().statusCode(200).extract().asString();
        assertTrue(log.contains("points: 10"), "cell output reaches the log: " + log);
    }

    @Test
    void anRNotebookErrorNamesRsMessageAndItsCellAndKeepsTheCellsThatRan() {
        Account ed = TestAccounts.signUp("ed");
        int version = KernelFixtures.push(ed, "r-nb-fails", rNotebook(List.of(
                Map.of("cell_type", "markdown", "source", "# Fails", "metadata", Map.of()),
                KernelFixtures.code("cat('first\\n')"),
                KernelFixtures.code("x <- 1\ny <- x + not_defined"),
                KernelFixtures.code("cat('never\\n')"))));
        Map<String, Object> v = KernelFixtures.awaitFinished(ed, "r-nb-fails", version, RUN);
        Map<?, ?> failure = (Map<?, ?>) v.get("failure");
        assertEquals("exception", failure.get("kind"), v.toString());
        assertEquals("Error: object 'not_defined' not found in cell 3", failure.get("message"));
        assertEquals(Map.of("cell", 3), failure.get("location"));
        as(ed).get("/api/kernels/" + ed.username() + "/r-nb-fails/versions/" + version + "/notebook.html").then().statusCode(200)
                .body(containsString("first"), containsString("not_defined"), not(containsString("never\n")));
    }

    @Test
    void anRKernelInAnEnvironmentWithoutRIsRefusedAtPushNamingTheLanguage() {
        Account fay = TestAccounts.signUp("fay");
        Map<String, Object> push = KernelFixtures.script("cat('hi')");
        push.put("language", "r");
        push.put("docker_image", "python");
        as(fay).contentType(ContentType.JSON).body(push).post("/api/kernels/" + fay.username() + "/r-on-python/versions")
                .then().statusCode(400).contentType(containsString("application/problem+json"))
                .body("field", equalTo("language"))
                .body("detail", equalTo("The environment 'python' has no R (it is for python); run language 'r' kernels"
                        + " in an R environment such as 'r' (docker_image)"));
        as(fay).get("/api/kernels/" + fay.username() + "/r-on-python").then().statusCode(404);
    }

    @Test
    void theREnvironmentServesItsPackagesWithTheirVersions() {
        String r = ReadyEnvironments.dockerImage("r");
        given().get("/api/environments/" + r + "/versions/latest").then().statusCode(200)
                .body("status", equalTo("ready"))
                .body("packages.findAll { it.source == 'debian' }.name", hasItems("r-base-core", "r-cran-irkernel"))
                .body("packages.findAll { it.source == 'r' }.name", hasItems("ggplot2", "data.table", "IRkernel", "dplyr"))
                .body("packages.find { it.name == 'ggplot2' }.version", startsWith("3.4"))
                .body("packages.findAll { it.source == 'python' }.name", hasItems("nbclient", "pandas"));
    }

    static Map<String, Object> rScript(String source) {
        Map<String, Object> push = KernelFixtures.script(source);
        push.put("language", "r");
        push.put("docker_image", ReadyEnvironments.dockerImage("r"));
        return push;
    }

    static Map<String, Object> rNotebook(List<Map<String, Object>> cells) {
        Map<String, Object> push = new HashMap<>(KernelFixtures.notebook(cells));
        push.put("language", "r");
        push.put("docker_image", ReadyEnvironments.dockerImage("r"));
        push.put("source", Map.of("nbformat", 4, "nbformat_minor", 5, "cells", cells, "metadata",
                Map.of("kernelspec", Map.of("name", "ir", "display_name", "R", "language", "R"))));
        return push;
    }
}
