package org.kernelforge.runs;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link RunEngine} does the same: exit codes, logs (with a last line that has no line break), outputs
 * byte for byte, memory, time, output size, cancel, read-only inputs and the kernel's sandbox. Run against each
 * engine by a subclass ({@link LocalEngineTest}, {@link SwarmEngineTest}).
 */
abstract class RunEngineContract extends RunsTestBase {

    abstract RunEngine engine();

    /** What the node a run lands on is called: any name, but one. */
    void assertPlaced(Recorder recorder) {
        assertEquals(1, recorder.placed.size(), "placed once: " + recorder.placed);
        assertFalse(recorder.placed.get(0).isBlank());
    }

    @Test
    void exitCodeAndBothLogStreamsReachTheListenerWithTheLastLineWithoutLineBreak() throws Exception {
        Prepared run = prepare("""
                import sys, time
                print("to stdout")
                time.sleep(0.3)
                print("to stderr", file=sys.stderr)
                sys.stdout.write("last words")
                sys.stdout.flush()
                sys.exit(3)
                """);
        Recorder recorder = new Recorder();

        RunOutcome outcome = engine().run(scriptSpec(run, limits()), recorder, new Cancellation());

        assertEquals(FailureKind.EXCEPTION, outcome.failure(), outcome.message() + "\n" + recorder.text());
        assertEquals(3, outcome.exitCode());
        assertEquals("The kernel failed with exit code 3", outcome.message());
        assertEquals(List.of("stdout:to stdout", "stderr:to stderr", "stdout:last words"),
                recorder.lines.stream().map(l -> l.stream() + ":" + l.text()).toList());
        assertTrue(recorder.lines.get(1).offsetSeconds() > recorder.lines.get(0).offsetSeconds() + 0.2, recorder.lines.toString());
        assertEquals(List.of(outcome.containerId()), recorder.started);
        assertPlaced(recorder);
        assertTrue(outcome.imageDigest().startsWith("sha256:") || outcome.imageDigest().contains("@sha256:"),
                outcome.imageDigest());
    }

    @Test
    void outputsArriveByteIdenticalWithRawNamesModesAndLinks() throws Exception {
        Prepared run = prepare("""
                import os
                os.makedirs("/kaggle/working/sub/deeper", exist_ok=True)
                open("/kaggle/working/sub/b.bin", "wb").write(bytes(range(256)) * 1000)
                open(b"/kaggle/working/caf\\xe9.txt", "wb").write(b"latin-1 name\\n")
                open("/kaggle/working/run.sh", "w").write("#!/bin/sh\\n")
                os.chmod("/kaggle/working/run.sh", 0o755)
                os.symlink("sub/b.bin", "/kaggle/working/link")
                open("/kaggle/working/sub/deeper/empty", "wb").close()
                open("/kaggle/.platform/platform.txt", "w").write("meta")
                print("ok")
                """);
        Recorder recorder = new Recorder();

        RunOutcome outcome = engine().run(scriptSpec(run, limits()), recorder, new Cancellation());

        assertTrue(outcome.succeeded(), outcome.message() + "\n" + recorder.text());
        byte[] expected = new byte[256 * 1000];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (byte) (i % 256);
        }
        Path working = run.dirs().working();
        assertArrayEquals(expected, Files.readAllBytes(working.resolve("sub/b.bin")));
        assertEquals(0, Files.size(working.resolve("sub/deeper/empty")));
        assertEquals("sub/b.bin", Files.readSymbolicLink(working.resolve("link")).toString());
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(working.resolve("run.sh"))));
        assertEquals("meta", Files.readString(run.dirs().platform().resolve("platform.txt")));
        List<String> names = directories.listOutputs(working).files().stream().map(OutputFile::path).sorted().toList();
        assertEquals(List.of(FileNames.escape(new byte[]{'c', 'a', 'f', (byte) 0xe9, '.', 't', 'x', 't'}), "run.sh",
                "sub/b.bin", "sub/deeper/empty"), names.stream().filter(n -> !n.equals("link")).toList());
    }

    @Test
    void inputsAreReadOnlyToTheKernelAtBothPaths() throws Exception {
        Prepared run = prepare("""
                for p in ["/kaggle/input/data/new.txt", "/input/data/data.csv", "/kaggle/src/main.py"]:
                    try:
                        open(p, "a").write("x")
                        print("WROTE", p)
                    except OSError as e:
                        print("DENIED", p)
                print("READ", open("/input/data/data.csv").read().split()[1], open("/kaggle/input/data/sub/x.bin", "rb").read())
                """);
        Path input = Files.createDirectories(run.dirs().root().resolve("input-data"));
        Files.writeString(input.resolve("data.csv"), "a,b\n1,2\n");
        Files.createDirectories(input.resolve("sub"));
        Files.write(input.resolve("sub/x.bin"), new byte[]{0, (byte) 255});
        Recorder recorder = new Recorder();

        RunOutcome outcome = engine().run(spec(run, limits(), List.of("python3", "/kaggle/src/main.py"),
                List.of(new InputMount(input, "data"))), recorder, new Cancellation());

        assertTrue(outcome.succeeded(), outcome.message() + "\n" + recorder.text());
        for (String path : List.of("/kaggle/input/data/new.txt", "/input/data/data.csv", "/kaggle/src/main.py")) {
            assertTrue(recorder.has("stdout", "DENIED " + path), recorder.text());
        }
        assertTrue(recorder.has("stdout", "READ 1,2 b'\\x00\\xff'"), recorder.text());
        assertEquals("a,b\n1,2\n", Files.readString(input.resolve("data.csv")));
    }

    @Test
    void theKernelRunsAsUid1000WithNoCapabilitiesAndOnlyLoopback() throws Exception {
        Prepared run = prepare("""
                import os, socket
                print("UID", os.getuid(), os.getgid(), os.environ["HOME"])
                for line in open("/proc/self/status"):
                    if line.startswith(("CapEff", "CapPrm", "CapBnd", "NoNewPrivs")):
                        print(line.split()[0], line.split()[1])
                print("IFACES", sorted(name for _, name in socket.if_nameindex()))
                for host, port in [("127.0.0.1", 5432), ("10.213.0.1", 9100), ("172.17.0.1", 9100)]:
                    s = socket.socket()
                    s.settimeout(2)
                    try:
                        s.connect((host, port))
                        print("CONNECTED", host)
                    except OSError as e:
                        print("UNREACHABLE", host)
                print("ENV_URLS", [k for k, v in os.environ.items() if "http" in v or "X-Amz" in v])
                try:
                    os.listdir("/run/secrets")
                    for name in os.listdir("/run/secrets"):
                        open("/run/secrets/" + name).read()
                        print("READ SECRET", name)
                except OSError:
                    pass
                for p in ["/etc/evil", "/kaggle/evil"]:
                    try:
                        open(p, "w").write("x")
                        print("WROTE", p)
                    except OSError as e:
                        print("DENIED", p)
                print("PIDS", open("/sys/fs/cgroup/pids/pids.max").read().strip())
                """);
        Recorder recorder = new Recorder();
        RunLimits limits = limits();

        RunOutcome outcome = engine().run(scriptSpec(run, limits), recorder, new Cancellation());

        assertTrue(outcome.succeeded(), outcome.message() + "\n" + recorder.text());
        assertTrue(recorder.has("stdout", "UID 1000 1000 /tmp"), recorder.text());
        assertTrue(recorder.has("stdout", "CapEff: 0000000000000000"), recorder.text());
        assertTrue(recorder.has("stdout", "CapPrm: 0000000000000000"), recorder.text());
        assertTrue(recorder.has("stdout", "NoNewPrivs: 1"), recorder.text());
        assertTrue(recorder.has("stdout", "IFACES ['lo']"), recorder.text());
        assertFalse(recorder.text().contains("CONNECTED"), recorder.text());
        assertTrue(recorder.has("stdout", "ENV_URLS []"), recorder.text());
        assertFalse(recorder.text().contains("READ SECRET"), recorder.text());
        assertFalse(recorder.text().contains("WROTE"), recorder.text());
        assertTrue(recorder.has("stdout", "PIDS " + limits.pids()), recorder.text());
    }

    @Test
    void aMemoryHogIsKilledAsOutOfMemory() throws Exception {
        Prepared run = prepare("""
                chunks = []
                while True:
                    chunks.append(bytearray(16 * 1024 * 1024))
                """);
        Recorder recorder = new Recorder();

        RunOutcome outcome = engine().run(scriptSpec(run, limits().withMemoryBytes(256L * 1024 * 1024)), recorder,
                new Cancellation());

        assertEquals(FailureKind.OUT_OF_MEMORY, outcome.failure(), outcome.message() + "\n" + recorder.text());
        assertTrue(outcome.message().contains("256"), outcome.message());
    }

    @Test
    void anEndlessLoopTimesOutAndKeepsItsPartialOutput() throws Exception {
        Prepared run = prepare("""
                import time
                open("/kaggle/working/partial.txt", "w").write("before the deadline")
                print("looping", flush=True)
                while True:
                    time.sleep(0.1)
                """);
        Recorder recorder = new Recorder();
        long started = System.nanoTime();

        RunOutcome outcome = engine().run(scriptSpec(run, limits().withTimeout(Duration.ofSeconds(6))), recorder,
                new Cancellation());

        assertEquals(FailureKind.TIMEOUT, outcome.failure(), outcome.message() + "\n" + recorder.text());
        assertTrue(System.nanoTime() - started >= TimeUnit.SECONDS.toNanos(6));
        assertEquals("before the deadline", Files.readString(run.dirs().working().resolve("partial.txt")));
        assertTrue(recorder.has("stdout", "looping"), recorder.text());
    }

    @Test
    void writingPastTheOutputLimitIsOutputTooLarge() throws Exception {
        long cap = 8L * 1024 * 1024;
        Prepared run = prepare("""
                with open("/kaggle/working/big.bin", "wb") as f:
                    for _ in range(64):
                        f.write(b"x" * 1024 * 1024)
                """, cap);
        Recorder recorder = new Recorder();

        RunOutcome outcome = engine().run(scriptSpec(run, limits().withOutputMaxBytes(cap)), recorder, new Cancellation());

        assertEquals(FailureKind.OUTPUT_TOO_LARGE, outcome.failure(), outcome.message() + "\n" + recorder.text());
    }

    @Test
    void cancellingARunningKernelStopsItAsCancelled() throws Exception {
        Prepared run = prepare("""
                import time
                print("started", flush=True)
                time.sleep(300)
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
        long started = System.nanoTime();

        RunOutcome outcome = engine().run(scriptSpec(run, limits()), recorder, cancellation);

        assertEquals(FailureKind.CANCELLED, outcome.failure(), outcome.message() + "\n" + recorder.text());
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(60));
        assertNotNull(outcome.containerId());
    }

    /** A version pins its image by id: the engine (the local one, or a swarm's service) starts exactly that image. */
    @Test
    void aRunStartsFromTheImageIdItIsGiven() throws Exception {
        String imageId = docker.inspectImageCmd(dockerConfig.runtimeImage()).exec().getId();
        Prepared run = prepare("print('by id')");
        Recorder recorder = new Recorder();

        RunOutcome outcome = engine().run(withImage(scriptSpec(run, limits()), imageId), recorder, new Cancellation());

        assertTrue(outcome.succeeded(), outcome.message() + "\n" + recorder.text());
        assertTrue(recorder.has("stdout", "by id"), recorder.text());
        assertEquals(imageId, outcome.imageDigest());
    }

    /** An image id the engine no longer has: an environment failure naming it, before anything is started. */
    @Test
    void anImageIdNoLongerOnTheEngineFailsAsEnvironmentNamingIt() throws Exception {
        String gone = "sha256:" + "0123456789abcdef".repeat(4);
        Prepared run = prepare("print('never')");
        Recorder recorder = new Recorder();

        RunOutcome outcome = engine().run(withImage(scriptSpec(run, limits()), gone), recorder, new Cancellation());

        assertEquals(FailureKind.ENVIRONMENT, outcome.failure(), outcome.message());
        assertTrue(outcome.message().startsWith("The image " + gone + " this run is pinned to is no longer on "),
                outcome.message());
        assertFalse(outcome.message().contains(run.dirs().root().toString()), outcome.message());
        assertEquals(List.of(), recorder.started, "nothing started");
    }

    static RunSpec withImage(RunSpec spec, String image) {
        return new RunSpec(spec.runId(), image, spec.command(), spec.env(), spec.inputs(), spec.sourceDir(),
                spec.workingDir(), spec.metaDir(), spec.limits(), spec.internet(), spec.gpu(), spec.labels());
    }
}
