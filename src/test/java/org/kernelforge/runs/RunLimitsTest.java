package org.kernelforge.runs;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each limit, pushed past by a real kernel on the real engine. */
@QuarkusTest
class RunLimitsTest extends RunsTestBase {

    private static final long MiB = 1024 * 1024;

    @Test
    void memoryHogIsKilledAsOutOfMemory() throws Exception {
        Prepared run = prepare("""
                print("allocating", flush=True)
                hog = b"x" * (1024 * 1024 * 1024)
                print("survived", len(hog))
                """);
        Recorder recorder = new Recorder();

        RunOutcome outcome = runner.run(scriptSpec(run, limits().withMemoryBytes(128 * MiB)), recorder, new Cancellation());

        assertEquals(FailureKind.OUT_OF_MEMORY, outcome.failure(), outcome.message() + recorder.text());
        assertEquals(137, outcome.exitCode());
        assertEquals("The kernel used more than 128.0 MiB of memory and was stopped", outcome.message());
        assertFalse(recorder.text().contains("survived"));
    }

    @Test
    void forkBombStopsAtThePidsLimitAndTheRunFinishes() throws Exception {
        Prepared run = prepare("""
                import os, sys, time
                n = 0
                try:
                    for i in range(1000):
                        if os.fork() == 0:
                            time.sleep(120)
                            os._exit(0)
                        n += 1
                except OSError as e:
                    print("FORK FAILED after", n, e.strerror, flush=True)
                    sys.exit(3)
                print("FORKED ALL", n)
                """);
        Recorder recorder = new Recorder();
        Duration timeLimit = Duration.ofSeconds(60);

        RunOutcome outcome = runner.run(scriptSpec(run, limits().withPids(64).withTimeout(timeLimit)),
                recorder, new Cancellation());

        assertEquals(FailureKind.EXCEPTION, outcome.failure(), outcome.message() + recorder.text());
        assertEquals(3, outcome.exitCode());
        Matcher m = Pattern.compile("FORK FAILED after (\\d+) Resource temporarily unavailable").matcher(recorder.text());
        assertTrue(m.find(), recorder.text());
        int forked = Integer.parseInt(m.group(1));
        assertTrue(forked > 10 && forked < 64, "forked " + forked);
        // children sleeping 120 s that held the container would have run it into its time limit
        assertTrue(ranFor(outcome).compareTo(timeLimit) < 0, "the sleeping children did not hold the run: " + ranFor(outcome));
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES) // a time limit not enforced fails here instead of hanging the build
    void endlessLoopTimesOutWithSigtermThenKeepsItsPartialOutput() throws Exception {
        Prepared run = prepare("""
                import signal, sys
                def on_term(signum, frame):
                    open("/kaggle/working/on_sigterm.txt", "w").write("saved in the grace period\\n")
                    sys.exit(0)
                signal.signal(signal.SIGTERM, on_term)
                open("/kaggle/working/before.txt", "w").write("partial\\n")
                print("looping", flush=True)
                while True:
                    pass
                """);
        Recorder recorder = new Recorder();
        RunLimits limits = limits().withTimeout(Duration.ofSeconds(3)).withStopGrace(Duration.ofSeconds(2));

        RunOutcome outcome = runner.run(scriptSpec(run, limits), recorder, new Cancellation());

        assertEquals(FailureKind.TIMEOUT, outcome.failure(), outcome.message() + recorder.text());
        assertEquals("The run exceeded its time limit of 3 s and was stopped", outcome.message());
        assertTrue(ranFor(outcome).compareTo(limits.timeout()) >= 0, "stopped only at its limit: ran " + ranFor(outcome));
        assertEquals("partial\n", Files.readString(run.dirs().working().resolve("before.txt")));
        assertEquals("saved in the grace period\n", Files.readString(run.dirs().working().resolve("on_sigterm.txt")));
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES) // a kill not sent after the grace period fails here instead of hanging
    void kernelIgnoringSigtermIsKilledAfterTheGracePeriod() throws Exception {
        Prepared run = prepare("""
                import signal
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
                print("stubborn", flush=True)
                while True:
                    pass
                """);
        RunLimits limits = limits().withTimeout(Duration.ofSeconds(2)).withStopGrace(Duration.ofSeconds(2));

        RunOutcome outcome = runner.run(scriptSpec(run, limits), new Recorder(), new Cancellation());

        assertEquals(FailureKind.TIMEOUT, outcome.failure(), outcome.message());
        assertEquals(137, outcome.exitCode(), "killed");
        assertTrue(ranFor(outcome).compareTo(limits.timeout().plus(limits.stopGrace())) >= 0,
                "killed only after the grace period: ran " + ranFor(outcome));
    }

    @Test
    void writingPastTheOutputLimitHitsTheFilesystemCapAndIsOutputTooLarge() throws Exception {
        Prepared run = prepare("""
                with open("/kaggle/working/big.bin", "wb") as f:
                    for i in range(64):
                        f.write(b"\\1" * (1024 * 1024))
                        f.flush()
                print("wrote 64 MiB")
                """, 8 * MiB);
        Recorder recorder = new Recorder();
        assertTrue(run.dirs().filesystemBounded(), "this machine can loop-mount (root, loop devices)");

        RunOutcome outcome = runner.run(scriptSpec(run, limits().withOutputMaxBytes(8 * MiB)), recorder, new Cancellation());

        assertEquals(FailureKind.OUTPUT_TOO_LARGE, outcome.failure(), outcome.message() + recorder.text());
        assertEquals("The output in /kaggle/working reached the limit of 8.0 MiB; writes past it failed or the run was stopped",
                outcome.message());
        assertTrue(recorder.text().contains("No space left on device"), recorder.text());
        long written = directories.listOutputs(run.dirs().working()).totalBytes();
        assertTrue(written > 7 * MiB && written <= 8 * MiB + 64 * 1024, "wrote " + written);
        long onDisk = allocatedBytes(run.dirs().root().resolve("working.img"));
        assertTrue(onDisk <= 8 * MiB + MiB, "the host disk received " + onDisk + " bytes");
    }

    @Test
    void withoutAFilesystemCapTheOutputIsPolledAndTheRunStopped() throws Exception {
        Prepared run = prepare("""
                import time
                with open("/kaggle/working/growing.bin", "wb") as f:
                    for i in range(400):
                        f.write(b"\\1" * (1024 * 1024))
                        f.flush()
                        time.sleep(0.02)
                print("wrote 400 MiB")
                """);
        Path plain = Files.createDirectories(run.dirs().root().resolve("plain-working"));
        Files.setAttribute(plain, "unix:uid", 1000);
        RunSpec spec = scriptSpec(run, limits().withOutputMaxBytes(8 * MiB));
        RunSpec polled = new RunSpec(spec.runId(), spec.image(), spec.command(), spec.env(), spec.inputs(),
                spec.sourceDir(), plain, spec.metaDir(), spec.limits(), false, false, spec.labels());
        Recorder recorder = new Recorder();

        RunOutcome outcome = runner.run(polled, recorder, new Cancellation());

        assertEquals(FailureKind.OUTPUT_TOO_LARGE, outcome.failure(), outcome.message() + recorder.text());
        assertFalse(recorder.text().contains("wrote 400 MiB"));
        long written = Files.size(plain.resolve("growing.bin"));
        assertTrue(written > 8 * MiB && written < 64 * MiB, "wrote " + written);
    }

    @Test
    void cancellingARunningKernelStopsItAsCancelled() throws Exception {
        Prepared run = prepare("""
                import time
                print("started", flush=True)
                time.sleep(60)
                print("slept")
                """);
        Cancellation cancellation = new Cancellation();
        Recorder recorder = new Recorder() {
            @Override
            public void line(LogLine line) {
                super.line(line);
                if (line.text().equals("started")) {
                    CompletableFuture.runAsync(cancellation::cancel);
                }
            }
        };

        RunOutcome outcome = runner.run(scriptSpec(run, limits()), recorder, cancellation);

        assertEquals(FailureKind.CANCELLED, outcome.failure(), outcome.message() + recorder.text());
        assertEquals("The run was cancelled", outcome.message());
        assertFalse(recorder.text().contains("slept"), "stopped during its sleep: " + recorder.text());
        assertTrue(ranFor(outcome).compareTo(Duration.ofSeconds(60)) < 0, "stopped during its sleep: ran " + ranFor(outcome));
    }

    @Test
    void aRunCancelledBeforeItStartsCreatesNoContainer() throws Exception {
        Prepared run = prepare("print('never')");
        Cancellation cancellation = new Cancellation();
        cancellation.cancel();

        RunOutcome outcome = runner.run(scriptSpec(run, limits()), new Recorder(), cancellation);

        assertEquals(FailureKind.CANCELLED, outcome.failure());
        assertNull(outcome.containerId());
    }

    @Test
    void aHugeLogIsTruncatedAtTheLogLimit() throws Exception {
        Prepared run = prepare("""
                import sys
                for i in range(50000):
                    print(f"line {i:06d} " + "x" * 80)
                print("the end", file=sys.stderr)
                """);
        Recorder recorder = new Recorder();
        long logMax = 64 * 1024;

        RunOutcome outcome = runner.run(scriptSpec(run, limits().withLogMaxBytes(logMax)), recorder, new Cancellation());

        assertTrue(outcome.succeeded(), outcome.message());
        List<LogLine> lines = recorder.lines;
        LogLine last = lines.get(lines.size() - 1);
        assertEquals("[kernelforge] The log exceeded 64.0 KiB and was truncated here; the run went on without logging.",
                last.text());
        long delivered = lines.subList(0, lines.size() - 1).stream()
                .mapToLong(l -> l.text().getBytes(StandardCharsets.UTF_8).length + 1L).sum();
        assertTrue(delivered <= logMax && delivered > logMax - 200, "delivered " + delivered);
        assertTrue(lines.get(0).text().startsWith("line 000000 "));
        for (int i = 0; i < lines.size() - 1; i++) {
            assertTrue(lines.get(i).text().startsWith(String.format("line %06d ", i)), lines.get(i).text());
        }
        assertFalse(recorder.text().contains("the end"));
    }

    /** How long the container ran, by the engine's start and finish times. */
    private static Duration ranFor(RunOutcome outcome) {
        return Duration.between(outcome.startedAt(), outcome.finishedAt());
    }

    private static long allocatedBytes(Path file) throws Exception {
        Process du = new ProcessBuilder("du", "-B1", "--", file.toString()).start();
        String out = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, du.waitFor());
        return Long.parseLong(out.split("\\s+")[0]);
    }
}
