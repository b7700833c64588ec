package org.kernelforge.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The notebook runner script, run through ContainerRunner in the real runtime image. */
@QuarkusTest
class NotebookRunnerTest extends RunsTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    RunnerScripts notebookRunner;

    @Test
    void aFailingCellStopsTheNotebookButKeepsTheCellsThatRanAndTheError() throws Exception {
        Prepared run = prepare("");
        writeNotebook(run, List.of(
                "x = 21\nprint('cell one', x)",
                "y = x * 2\ny",
                "raise ValueError('boom from cell three')",
                "print('never runs')"));
        Recorder recorder = new Recorder();

        RunOutcome outcome = runner.run(notebookSpec(run), recorder, new Cancellation());

        assertEquals(FailureKind.EXCEPTION, outcome.failure(), outcome.message() + recorder.text());
        assertEquals(1, outcome.exitCode());
        JsonNode cells = executed(run).get("cells");
        assertEquals("cell one 21\n", text(cells.get(0).get("outputs").get(0).get("text")));
        JsonNode result = cells.get(1).get("outputs").get(0);
        assertEquals("execute_result", result.get("output_type").asText());
        assertEquals("42", text(result.get("data").get("text/plain")));
        JsonNode error = cells.get(2).get("outputs").get(0);
        assertEquals("error", error.get("output_type").asText());
        assertEquals("ValueError", error.get("ename").asText());
        assertEquals("boom from cell three", error.get("evalue").asText());
        assertEquals(0, cells.get(3).get("outputs").size());
        String html = Files.readString(run.dirs().platform().resolve(RunnerScripts.RENDERED_HTML_FILE));
        assertTrue(html.contains("boom from cell three") && html.contains("ValueError"));
        assertTrue(html.contains("cell one 21"));
        assertTrue(recorder.has("stdout", "cell one 21"), "cell output reaches the live log: " + recorder.text());
        assertEquals(List.of(), directories.listOutputs(run.dirs().working()).files(), "platform files are no output");
    }

    @Test
    void aMatplotlibPlotBecomesAPngOutputAndFilesLandInTheWorkingDirectory() throws Exception {
        Prepared run = prepare("");
        writeNotebook(run, List.of(
                "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3], [1, 4, 9])\nplt.show()",
                "open('squares.csv', 'w').write('x,y\\n3,9\\n')"));
        Recorder recorder = new Recorder();

        RunOutcome outcome = runner.run(notebookSpec(run), recorder, new Cancellation());

        assertTrue(outcome.succeeded(), outcome.message() + recorder.text());
        JsonNode plot = executed(run).get("cells").get(0).get("outputs");
        boolean png = false;
        for (JsonNode output : plot) {
            png |= output.path("data").has("image/png") && text(output.get("data").get("image/png")).length() > 1000;
        }
        assertTrue(png, plot.toString());
        assertEquals("x,y\n3,9\n", Files.readString(run.dirs().working().resolve("squares.csv")));
        String html = Files.readString(run.dirs().platform().resolve(RunnerScripts.RENDERED_HTML_FILE));
        assertTrue(html.contains("data:image/png;base64,"));
    }

    private RunSpec notebookSpec(Prepared run) {
        RunLimits limits = limits().withMemoryBytes(1024L * 1024 * 1024);
        return spec(run, limits, notebookRunner.notebookCommand("/kaggle/src/notebook.ipynb"), List.of());
    }

    /** nbformat stores multi-line strings as lists of lines. */
    private static String text(JsonNode node) {
        if (!node.isArray()) {
            return node.asText();
        }
        StringBuilder joined = new StringBuilder();
        node.forEach(part -> joined.append(part.asText()));
        return joined.toString();
    }

    private static JsonNode executed(Prepared run) throws Exception {
        return JSON.readTree(run.dirs().platform().resolve(RunnerScripts.EXECUTED_NOTEBOOK_FILE).toFile());
    }

    private static void writeNotebook(Prepared run, List<String> sources) throws Exception {
        ObjectNode nb = JSON.createObjectNode();
        nb.put("nbformat", 4).put("nbformat_minor", 5);
        ObjectNode kernelspec = nb.putObject("metadata").putObject("kernelspec");
        kernelspec.put("name", "python3").put("display_name", "Python 3").put("language", "python");
        ArrayNode cells = nb.putArray("cells");
        int i = 0;
        for (String source : sources) {
            ObjectNode cell = cells.addObject();
            cell.put("cell_type", "code").put("id", "cell-" + i++).putNull("execution_count");
            cell.putObject("metadata");
            cell.putArray("outputs");
            cell.put("source", source);
        }
        Files.writeString(run.src().resolve("notebook.ipynb"), JSON.writeValueAsString(nb));
    }
}
