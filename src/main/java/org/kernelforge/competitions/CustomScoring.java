package org.kernelforge.competitions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.kernels.RuntimeImages;
import org.kernelforge.platform.FileTrees;
import org.kernelforge.platform.Installation;
import org.kernelforge.platform.PlatformConfig;
import org.kernelforge.runs.Cancellation;
import org.kernelforge.runs.ContainerRunner;
import org.kernelforge.runs.InputMount;
import org.kernelforge.runs.LogLine;
import org.kernelforge.runs.RunDirectories;
import org.kernelforge.runs.RunLimits;
import org.kernelforge.runs.RunLimitsPolicy;
import org.kernelforge.runs.RunListener;
import org.kernelforge.runs.RunOutcome;
import org.kernelforge.runs.RunSpec;
import org.kernelforge.runs.WorkingDirectories;
import org.kernelforge.storage.BlobCache;
import org.kernelforge.storage.BlobStore;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Runs an organizer's Python scoring program on one submission, in the same hardened container as a
 * kernel (no network, read-only root, unprivileged, limited), with the solution and the submission
 * mounted read-only:
 * <pre>python3 /kaggle/src/score.py /kaggle/input/solution/solution.csv /kaggle/input/submission/submission.csv</pre>
 * The program prints one JSON object as its last line of standard output: {@code {"public": x,
 * "private": y}}, or {@code {"error": "message"}} to reject the submission with a message for the
 * competitor. Anything else is the organizers' fault: they see what went wrong, the competitor a
 * neutral message.
 */
@ApplicationScoped
class CustomScoring {

    static final String SCORING_LABEL = "org.kernelforge.scoring";
    private static final Logger LOG = Logger.getLogger(CustomScoring.class);
    private static final int KEEP_LINES = 40;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ContainerRunner runner;
    private final WorkingDirectories directories;
    private final RunLimitsPolicy policy;
    private final RuntimeImages images;
    private final CompetitionsConfig config;
    private final Installation installation;
    private final BlobStore blobs;
    private final BlobCache cache;
    private final Path root;

    CustomScoring(ContainerRunner runner, WorkingDirectories directories, RunLimitsPolicy policy, RuntimeImages images,
                  CompetitionsConfig config, Installation installation, BlobStore blobs, BlobCache cache,
                  PlatformConfig platform) {
        this.runner = runner;
        this.directories = directories;
        this.policy = policy;
        this.images = images;
        this.config = config;
        this.installation = installation;
        this.blobs = blobs;
        this.cache = cache;
        this.root = rootIn(platform.dataDir(), installation.id());
    }

    /**
     * Where a replica with this data dir and id keeps the folders of the scoring programs it runs: a folder of its
     * own, so replicas sharing a data dir each remove only theirs.
     */
    static Path rootIn(Path dataDir, String replicaId) {
        return dataDir.toAbsolutePath().resolve("scoring").resolve(replicaId);
    }

    /**
     * Unmounts and deletes the folders of scoring programs a stopped replica left (a crash leaves their loop mounts;
     * their containers are removed by label). Only while none of its scorings runs: this replica's at its start, a
     * dead one's once taken over.
     */
    void removeLeftoversOf(Path dataDir, String replicaId) {
        Path folder = rootIn(dataDir, replicaId);
        if (!Files.exists(folder)) {
            return;
        }
        LOG.infof("Removing the scoring folders under %s, which a stopped server left", folder);
        try {
            directories.removeRunFolder(folder);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Could not remove the scoring folders under %s: %s", folder, e.getMessage());
        }
    }

    ScoreResult score(SubmissionScorer.Job job) throws IOException {
        String runId = "score-" + job.submissionId() + "-" + System.nanoTime();
        Path dir = Files.createDirectories(root.resolve(runId));
        RunDirectories dirs = null;
        try {
            Path solution = linked(job.solutionSha256(), dir.resolve("solution"), "solution.csv");
            Path submission = linked(job.submissionSha256(), dir.resolve("submission"), "submission.csv");
            Path source = linked(job.programSha256(), dir.resolve("src"), "score.py");
            dirs = directories.create(dir.resolve("run"), 16L << 20);
            Output output = new Output();
            RunOutcome outcome = runner.run(spec(job, runId, solution, submission, source, dirs), output, new Cancellation());
            return interpret(outcome, output);
        } finally {
            if (dirs != null) {
                directories.release(dirs);
            }
            FileTrees.deleteTree(dir);
        }
    }

    private RunSpec spec(SubmissionScorer.Job job, String runId, Path solution, Path submission, Path source,
                         RunDirectories dirs) {
        RunLimits defaults = policy.defaults();
        RunLimits limits = defaults.withMemoryBytes(config.programMemory().asLongValue())
                .withTimeout(config.programTimeout()).withOutputMaxBytes(16L << 20).withLogMaxBytes(1L << 20);
        // the default environment's newest version by its image id: a moved tag cannot change what scores
        return new RunSpec(runId, images.defaultImage(),
                List.of("python3", "-u", "/kaggle/src/score.py", "/kaggle/input/solution/solution.csv",
                        "/kaggle/input/submission/submission.csv"),
                Map.of(), List.of(new InputMount(solution, "solution"), new InputMount(submission, "submission")),
                source, dirs.working(), dirs.platform(), limits, false, false,
                Map.of(SCORING_LABEL, String.valueOf(job.submissionId()), Installation.LABEL, installation.id()));
    }

    /** A directory holding one read-only file: a hard link to the cached blob. */
    private Path linked(String sha256, Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Files.createLink(dir.resolve(name), cache.fetch(sha256, blobs));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        return dir;
    }

    private static ScoreResult interpret(RunOutcome outcome, Output output) {
        if (!outcome.succeeded()) {
            return ScoreResult.organizersFault("The scoring program failed: " + outcome.message() + output.tail());
        }
        String last = output.lastStdout();
        JsonNode result;
        try {
            result = last == null ? null : JSON.readTree(last);
        } catch (IOException e) {
            result = null;
        }
        if (result == null || !result.isObject()) {
            return ScoreResult.organizersFault("The scoring program did not print a JSON object such as "
                    + "{\"public\": 0.9, \"private\": 0.8} as the last line of its standard output" + output.tail());
        }
        if (result.hasNonNull("error")) {
            return ScoreResult.rejected(limit(result.get("error").asText(), 2000));
        }
        JsonNode pub = result.get("public");
        JsonNode priv = result.get("private");
        if (pub == null || !pub.isNumber() || priv == null || !(priv.isNumber() || priv.isNull())) {
            return ScoreResult.organizersFault("The scoring program's result " + limit(last, 200)
                    + " needs a number under \"public\" and a number (or null) under \"private\"");
        }
        return ScoreResult.scored(pub.asDouble(), priv.isNull() ? Double.NaN : priv.asDouble());
    }

    private static String limit(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }

    /** The program's last lines, kept small. */
    private static final class Output implements RunListener {
        private final Deque<LogLine> lines = new ArrayDeque<>();

        @Override
        public synchronized void line(LogLine line) {
            lines.addLast(line);
            if (lines.size() > KEEP_LINES) {
                lines.removeFirst();
            }
        }

        synchronized String lastStdout() {
            var it = lines.descendingIterator();
            while (it.hasNext()) {
                LogLine line = it.next();
                if (LogLine.STDOUT.equals(line.stream()) && !line.text().isBlank()) {
                    return line.text().strip();
                }
            }
            return null;
        }

        synchronized String tail() {
            if (lines.isEmpty()) {
                return "";
            }
            StringBuilder out = new StringBuilder("\nLast lines it printed:");
            lines.stream().skip(Math.max(0, lines.size() - 15))
                    .forEach(l -> out.append('\n').append(limit(l.text(), 300)));
            return limit(out.toString(), 3000);
        }
    }
}
