package org.kernelforge.bench;

import org.kernelforge.competitions.scoring.Metric;
import org.kernelforge.competitions.scoring.ParserComparison;
import org.kernelforge.competitions.scoring.Score;
import org.kernelforge.competitions.scoring.Scorer;
import org.kernelforge.competitions.scoring.ScoringSpec;
import org.kernelforge.competitions.scoring.Solution;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Scores a generated submission of --rows rows for rmse and roc_auc (and rmse with shuffled rows) with the engine (in this JVM: the first run,
 * then the median of --runs after warm-up) and with pandas.read_csv + scikit-learn in the runtime image, and prints
 * both times and whether the scores agree; then compares the engine's CSV reader and number parser with FastCSV and
 * fastdoubleparser on the same submissions ({@link ParserComparison}). Run by src/bench/scoring-benchmark.sh.
 */
public final class ScoringBenchmark {

    private static final int WARM_UP = 5;
    /** rmse-shuffled: the rmse submission with its rows in random order, so ids are found by hash, not in sequence. */
    private static final List<String> CASES = List.of("rmse", "roc_auc", "rmse-shuffled");

    public static void main(String[] argv) throws Exception {
        BenchArgs args = new BenchArgs(argv);
        Path work = Path.of(args.get("workdir"));
        int rows = Integer.parseInt(args.get("rows", "1000000"));
        int runs = Integer.parseInt(args.get("runs", "9"));
        Files.copy(Path.of(args.get("reference")), work.resolve("scoring-reference.py"), StandardCopyOption.REPLACE_EXISTING);
        generate(work, rows);

        Map<String, double[]> engine = new HashMap<>();
        Map<String, Score> engineScores = new HashMap<>();
        for (String name : CASES) {
            Metric metric = Metric.byId(name.replace("-shuffled", "")).orElseThrow();
            ScoringSpec spec = new ScoringSpec(metric, "id", List.of("target"), null);
            long parseStart = System.nanoTime();
            Solution solution;
            try (InputStream in = Files.newInputStream(work.resolve(metric.id() + "-solution.csv"))) {
                solution = Solution.parse(in, spec, null, null);
            }
            double parseMs = (System.nanoTime() - parseStart) / 1e6;
            double[] times = new double[WARM_UP + runs];
            Score score = null;
            for (int i = 0; i < times.length; i++) {
                long start = System.nanoTime();
                try (InputStream in = Files.newInputStream(work.resolve(name + "-submission.csv"))) {
                    score = Scorer.score(solution, in, spec);
                }
                times[i] = (System.nanoTime() - start) / 1e6;
            }
            double[] measured = Arrays.copyOfRange(times, WARM_UP, times.length);
            engine.put(name, new double[] {median(measured), times[0], parseMs});
            engineScores.put(name, score);
        }

        Map<String, String[]> reference = runReference(work, args.get("image"), runs);
        System.out.printf(Locale.ROOT, "%-14s %9s %16s %16s %20s %7s %7s%n",
                "metric", "rows", "Kernelforge ms", "(first run ms)", "pandas+sklearn ms", "ratio", "agree");
        for (String metric : CASES) {
            double[] ours = engine.get(metric);
            String[] theirs = reference.get(metric);
            double theirMs = Double.parseDouble(theirs[0]);
            Score score = engineScores.get(metric);
            boolean agree = close(score.publicScore(), Double.parseDouble(theirs[2]))
                    && close(score.privateScore(), Double.parseDouble(theirs[3]));
            System.out.printf(Locale.ROOT, "%-14s %9d %16.1f %16.1f %20.1f %7.2f %7s%n",
                    metric, rows, ours[0], ours[1], theirMs, ours[0] / theirMs, agree ? "yes" : "NO");
            System.out.printf(Locale.ROOT, "               scores public %.12f / %.12f, private %.12f / %.12f; solution parse %.0f ms, "
                            + "pandas first run %s ms%n", score.publicScore(), Double.parseDouble(theirs[2]),
                    score.privateScore(), Double.parseDouble(theirs[3]), ours[2], theirs[1].replaceAll("(\\.\\d).*", "$1"));
        }
        ParserComparison.print(List.of(work.resolve("rmse-submission.csv"), work.resolve("roc_auc-submission.csv")), runs);
    }

    private static void generate(Path work, int rows) throws IOException {
        SplittableRandom random = new SplittableRandom(2026);
        try (BufferedWriter rmseSolution = writer(work, "rmse-solution.csv");
             BufferedWriter rmseSubmission = writer(work, "rmse-submission.csv");
             BufferedWriter aucSolution = writer(work, "roc_auc-solution.csv");
             BufferedWriter aucSubmission = writer(work, "roc_auc-submission.csv")) {
            for (BufferedWriter w : List.of(rmseSolution, aucSolution)) {
                w.write("id,target,Usage\n");
            }
            for (BufferedWriter w : List.of(rmseSubmission, aucSubmission)) {
                w.write("id,target\n");
            }
            for (int i = 0; i < rows; i++) {
                String id = Integer.toString(100000 + i);
                String usage = random.nextDouble() < 0.3 ? "Public" : "Private";
                double price = Math.rint(random.nextDouble() * 500_000) / 100;
                rmseSolution.write(id + "," + price + "," + usage + "\n");
                // submissions as pandas' to_csv writes them: shortest round-trip decimals
                rmseSubmission.write(id + "," + (price + random.nextDouble() * 300 - 150) + "\n");
                int label = random.nextDouble() < 0.3 ? 1 : 0;
                aucSolution.write(id + "," + label + "," + usage + "\n");
                double logit = label * 1.5 + gaussian(random);
                aucSubmission.write(id + "," + (1 / (1 + Math.exp(-logit))) + "\n");
            }
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(work.resolve("rmse-submission.csv")));
        String header = lines.remove(0);
        Collections.shuffle(lines, new Random(2026));
        lines.add(0, header);
        Files.write(work.resolve("rmse-shuffled-submission.csv"), lines);
    }

    private static Map<String, String[]> runReference(Path work, String image, int runs) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("docker", "run", "--rm", "--network", "none", "-v", work.toAbsolutePath() + ":/data:ro",
                image, "python3", "/data/scoring-reference.py", Integer.toString(runs))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("the pandas + scikit-learn reference failed");
        }
        Map<String, String[]> results = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] parts = line.trim().split(" ");
            if (parts.length == 5) {
                results.put(parts[0], Arrays.copyOfRange(parts, 1, 5));
            }
        }
        return results;
    }

    private static BufferedWriter writer(Path work, String name) throws IOException {
        return Files.newBufferedWriter(work.resolve(name), StandardCharsets.UTF_8);
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
    }
}
