package org.kernelforge.competitions.scoring;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every metric on generated cases, against pandas + scikit-learn in the kernel runtime image: the engine normalizes
 * each solution (writeCsv), the same files are scored by reference.py in one container run without network, and
 * both boards must agree to 1e-9.
 */
class MetricsAgreeWithScikitLearnTest {

    private static final double TOLERANCE = 1e-9;

    @TempDir
    Path dir;

    @TestFactory
    List<DynamicTest> everyMetricAgreesWithScikitLearnOnBothBoards() throws Exception {
        List<ReferenceCases.Case> cases = new ReferenceCases(20261127L).all();
        Map<String, Score> engine = new HashMap<>();
        StringBuilder manifest = new StringBuilder();
        for (ReferenceCases.Case c : cases) {
            Solution solution = Solution.parse(utf8(c.solutionCsv()), c.spec(), c.fraction(), c.seed());
            Path solutionFile = dir.resolve(c.name() + "-solution.csv");
            try (OutputStream out = Files.newOutputStream(solutionFile)) {
                solution.writeCsv(out);
            }
            Files.writeString(dir.resolve(c.name() + "-submission.csv"), c.submissionCsv());
            engine.put(c.name(), Scorer.score(solution, utf8(c.submissionCsv()), c.spec()));
            manifest.append(String.join("\t", c.name(), c.spec().metric().id(), c.spec().idColumn(),
                    String.join(",", c.spec().targetColumns()), Integer.toString(c.spec().effectiveK()),
                    c.name() + "-solution.csv", c.name() + "-submission.csv")).append('\n');
        }
        Files.writeString(dir.resolve("cases.tsv"), manifest);
        try (InputStream script = getClass().getResourceAsStream("reference.py")) {
            Files.write(dir.resolve("reference.py"), script.readAllBytes());
        }
        Map<String, double[]> reference = runReference();

        List<DynamicTest> tests = new ArrayList<>();
        for (ReferenceCases.Case c : cases) {
            tests.add(DynamicTest.dynamicTest(c.name(), () -> {
                double[] expected = reference.get(c.name());
                Score actual = engine.get(c.name());
                assertClose(c.name() + " public", expected[0], actual.publicScore());
                assertClose(c.name() + " private", expected[1], actual.privateScore());
            }));
        }
        return tests;
    }

    private Map<String, double[]> runReference() throws IOException, InterruptedException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
        Path errors = Files.createTempFile("reference", ".err");
        String image = System.getenv().getOrDefault("KF_RUNTIME_IMAGE", "kernelforge/python-runtime:latest");
        Process process = new ProcessBuilder("docker", "run", "--rm", "--network", "none",
                "-v", dir.toAbsolutePath() + ":/data:ro", image, "python3", "/data/reference.py")
                .redirectError(errors.toFile()).start();
        byte[] stdout = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "reference.py did not finish");
        assertEquals(0, process.exitValue(), "reference.py failed:\n" + Files.readString(errors));
        Files.delete(errors);
        Map<String, double[]> scores = new HashMap<>();
        for (String line : new String(stdout, StandardCharsets.UTF_8).split("\n")) {
            String[] parts = line.trim().split(" ");
            if (parts.length == 3) {
                scores.put(parts[0], new double[] {parse(parts[1]), parse(parts[2])});
            }
        }
        return scores;
    }

    private static double parse(String python) {
        return python.equals("nan") ? Double.NaN : Double.parseDouble(python);
    }

    private static void assertClose(String what, double expected, double actual) {
        if (Double.isNaN(expected)) {
            assertTrue(Double.isNaN(actual), what + ": expected NaN, got " + actual);
            return;
        }
        double allowed = TOLERANCE * Math.max(1, Math.abs(expected));
        assertTrue(Math.abs(expected - actual) <= allowed, what + ": scikit-learn " + expected + ", engine " + actual);
    }

    private static InputStream utf8(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
