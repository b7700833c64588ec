package org.kernelforge.runs;

import com.github.dockerjava.api.exception.NotFoundException;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class ContainerRunnerTest extends RunsTestBase {

    @Test
    void successfulScriptLeavesItsOutputOnTheHostAndStreamsBothLogStreams() throws Exception {
        Prepared run = prepare("""
                import sys, time, os
                print("hello stdout")
                time.sleep(0.3)
                print("hello stderr", file=sys.stderr)
                time.sleep(0.3)
                with open("/kaggle/working/result.txt", "w") as f:
                    f.write("42\\n")
                os.makedirs("/working/sub", exist_ok=True)
                open("/working/sub/b.bin", "wb").write(bytes(range(256)))
                print("done")
                """);
        Recorder recorder = new Recorder();

        RunOutcome outcome = runner.run(scriptSpec(run, limits()), recorder, new Cancellation());

        assertTrue(outcome.succeeded(), outcome.message() + "\n" + recorder.text());
        assertEquals(0, outcome.exitCode());
        assertNull(outcome.failure());
        assertTrue(outcome.imageDigest().startsWith("sha256:") || outcome.imageDigest().contains("@sha256:"));
        assertNotNull(outcome.startedAt());
        assertFalse(outcome.finishedAt().isBefore(outcome.startedAt()));
        assertEquals(List.of(outcome.containerId()), recorder.started);
        assertEquals("42\n", Files.readString(run.dirs().working().resolve("result.txt")));
        byte[] expected = new byte[256];
        for (int i = 0; i < 256; i++) {
            expected[i] = (byte) i;
        }
        assertArrayEquals(expected, Files.readAllBytes(run.dirs().working().resolve("sub/b.bin")));
        OutputListing listing = directories.listOutputs(run.dirs().working());
        assertEquals(List.of(new OutputFile("result.txt", 3, 0644, null), new OutputFile("sub/b.bin", 256, 0644, null)),
                listing.files());

        List<LogLine> lines = recorder.lines;
        assertEquals(List.of("stdout:hello stdout", "stderr:hello stderr", "stdout:done"),
                lines.stream().map(l -> l.stream() + ":" + l.text()).toList());
        assertTrue(lines.get(0).offsetSeconds() >= 0);
        assertTrue(lines.get(1).offsetSeconds() > lines.get(0).offsetSeconds() + 0.2, recorder.lines.toString());
        assertTrue(lines.get(2).offsetSeconds() > lines.get(1).offsetSeconds() + 0.2, recorder.lines.toString());
        assertThrows(NotFoundException.class, () -> docker.inspectContainerCmd(outcome.containerId()).exec());
    }

    @Test
    void inputsAreReadOnlyAtBothPathsAndStayUnchanged() throws Exception {
        Prepared run = prepare("""
                for p in ["/kaggle/input/data/new.txt", "/input/data/data.csv"]:
                    try:
                        open(p, "a").write("x")
                        print("WROTE", p)
                    except OSError as e:
                        print("DENIED", p, e.strerror)
                print("READ", open("/input/data/data.csv").read().strip())
                open("/kaggle/input/data/data.csv", "a").write("x")
                """);
        Path input = Files.createDirectories(run.dirs().root().resolve("input-data"));
        Files.writeString(input.resolve("data.csv"), "a,b\n1,2\n");
        // writable for everyone on the host: only the read-only mount may stop the kernel
        Files.setPosixFilePermissions(input, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(input.resolve("data.csv"), PosixFilePermissions.fromString("rw-rw-rw-"));
        Recorder recorder = new Recorder();

        RunOutcome outcome = runner.run(spec(run, limits(), List.of("python3", "/kaggle/src/main.py"),
                List.of(new InputMount(input, "data"))), recorder, new Cancellation());

        assertEquals(FailureKind.EXCEPTION, outcome.failure(), recorder.text());
        assertEquals(1, outcome.exitCode());
        assertEquals("The kernel failed with exit code 1", outcome.message());
        assertTrue(recorder.has("stdout", "DENIED /kaggle/input/data/new.txt Read-only file system"), recorder.text());
        assertTrue(recorder.has("stdout", "DENIED /input/data/data.csv Read-only file system"), recorder.text());
        assertTrue(recorder.has("stdout", "READ a,b"), recorder.text());
        assertTrue(recorder.text().contains("OSError: [Errno 30] Read-only file system"), recorder.text());
        assertEquals("a,b\n1,2\n", Files.readString(input.resolve("data.csv")));
        try (var files = Files.list(input)) {
            assertEquals(List.of(input.resolve("data.csv")), files.toList());
        }
    }

    @Test
    void withoutInternetTheKernelSeesOnlyLoopbackAndCannotReachTheHost() throws Exception {
        try (Socket hostPostgres = new Socket()) {
            hostPostgres.connect(new InetSocketAddress("127.0.0.1", 5432), 2000); // the host's service is up
        }
        Prepared run = prepare("""
                import os, socket
                print("IFACES", sorted(os.listdir("/sys/class/net")))
                s = socket.socket()
                s.settimeout(2)
                try:
                    s.connect(("127.0.0.1", 5432))
                    print("CONNECTED")
                except OSError as e:
                    print("UNREACHABLE", e.strerror)
                """);
        Recorder recorder = new Recorder();

        RunOutcome outcome = runner.run(scriptSpec(run, limits()), recorder, new Cancellation());

        assertTrue(outcome.succeeded(), outcome.message() + recorder.text());
        assertTrue(recorder.has("stdout", "IFACES ['lo']"), recorder.text());
        assertTrue(recorder.has("stdout", "UNREACHABLE Connection refused"), recorder.text());
        assertFalse(recorder.text().contains("CONNECTED"));
    }

    @Test
    void kernelRunsAsUid1000WithoutCapabilitiesOnAReadOnlyRootWithItsLimits() throws Exception {
        Prepared run = prepare("""
                import os
                print("UID", os.getuid(), os.getgid(), os.environ["HOME"])
                for line in open("/proc/self/status"):
                    if line.startswith(("CapEff", "CapPrm", "NoNewPrivs")):
                        print(line.split()[0], line.split()[1])
                for p in ["/etc/evil", "/usr/evil", "/kaggle/evil"]:
                    try:
                        open(p, "w").write("x")
                        print("WROTE", p)
                    except OSError as e:
                        print("DENIED", p, e.strerror)
                for d in ["/tmp", "/kaggle/temp", "/kaggle/working", "/kaggle/.platform"]:
                    open(d + "/ok", "w").write("x")
                    print("WRITABLE", d)
                st = os.statvfs("/kaggle/temp")
                print("TEMP_BYTES", st.f_blocks * st.f_frsize)
                print("SHM_BYTES", os.statvfs("/dev/shm").f_blocks * os.statvfs("/dev/shm").f_frsize)
                print("MEM", open("/sys/fs/cgroup/memory/memory.limit_in_bytes").read().strip())
                print("PIDS", open("/sys/fs/cgroup/pids/pids.max").read().strip())
                print("DOCKER_SOCK", os.path.exists("/var/run/docker.sock"))
                """);
        Recorder recorder = new Recorder();
        RunLimits limits = limits();

        RunOutcome outcome = runner.run(scriptSpec(run, limits), recorder, new Cancellation());

        assertTrue(outcome.succeeded(), outcome.message() + recorder.text());
        assertTrue(recorder.has("stdout", "UID 1000 1000 /tmp"), recorder.text());
        assertTrue(recorder.has("stdout", "CapEff: 0000000000000000"), recorder.text());
        assertTrue(recorder.has("stdout", "CapPrm: 0000000000000000"), recorder.text());
        assertTrue(recorder.has("stdout", "NoNewPrivs: 1"), recorder.text());
        for (String path : List.of("/etc/evil", "/usr/evil", "/kaggle/evil")) {
            assertTrue(recorder.has("stdout", "DENIED " + path + " Read-only file system"), recorder.text());
        }
        for (String dir : List.of("/tmp", "/kaggle/temp", "/kaggle/working", "/kaggle/.platform")) {
            assertTrue(recorder.has("stdout", "WRITABLE " + dir), recorder.text());
        }
        assertTrue(recorder.has("stdout", "TEMP_BYTES " + limits.scratchBytes()), recorder.text());
        assertTrue(recorder.has("stdout", "SHM_BYTES " + limits.shmBytes()), recorder.text());
        assertTrue(recorder.has("stdout", "MEM " + limits.memoryBytes()), recorder.text());
        assertTrue(recorder.has("stdout", "PIDS " + limits.pids()), recorder.text());
        assertTrue(recorder.has("stdout", "DOCKER_SOCK False"), recorder.text());
    }

    @Test
    void aContainerRemovedInTheBackgroundIsGoneOnceRemovalsAreAwaited() throws Exception {
        Prepared run = prepare("print('quick')");
        Recorder recorder = new Recorder();

        RunOutcome outcome = runner.run(scriptSpec(run, limits()), recorder, new Cancellation(), ContainerRemoval.IN_BACKGROUND);

        assertTrue(outcome.succeeded(), outcome.message() + "\n" + recorder.text());
        assertTrue(recorder.has(LogLine.STDOUT, "quick"), recorder.text());
        assertTrue(containers.awaitRemovals(java.time.Duration.ofSeconds(30)), "background removal ended");
        assertEquals(List.of(), testContainers(), "the container is removed");
    }

    @Test
    void aRunRemovesItsContainerBeforeReturningUnlessAskedOtherwise() throws Exception {
        Prepared run = prepare("print('quick')");

        RunOutcome outcome = runner.run(scriptSpec(run, limits()), new Recorder(), new Cancellation());

        assertTrue(outcome.succeeded(), outcome.message());
        assertEquals(List.of(), testContainers(), "removed before run returned");
    }

    @Test
    void missingImageFailsAsEnvironmentWithoutAContainer() throws Exception {
        Prepared run = prepare("print('never')");
        RunSpec spec = scriptSpec(run, limits());
        RunSpec missing = new RunSpec(spec.runId(), "kernelforge/no-such-image:never", spec.command(), spec.env(),
                spec.inputs(), spec.sourceDir(), spec.workingDir(), spec.metaDir(), spec.limits(), false, false, spec.labels());

        RunOutcome outcome = runner.run(missing, new Recorder(), new Cancellation());

        assertEquals(FailureKind.ENVIRONMENT, outcome.failure());
        assertEquals("The image kernelforge/no-such-image:never this run is pinned to is no longer on the Docker engine"
                + " (it was removed), so the run cannot start", outcome.message());
        assertNull(outcome.containerId());
    }

    @Test
    void internetIsRefusedAsPlatformWhenTheDeploymentDoesNotOfferIt() throws Exception {
        Prepared run = prepare("print('never')");
        RunSpec spec = scriptSpec(run, limits());
        RunSpec online = new RunSpec(spec.runId(), spec.image(), spec.command(), spec.env(), spec.inputs(),
                spec.sourceDir(), spec.workingDir(), spec.metaDir(), spec.limits(), true, false, spec.labels());

        RunOutcome outcome = runner.run(online, new Recorder(), new Cancellation());

        assertEquals(FailureKind.PLATFORM, outcome.failure());
        assertEquals("Internet access is not available on this deployment", outcome.message());
        assertNull(outcome.containerId());
    }

    @Test
    void aFailingListenerDoesNotBreakTheRun() throws Exception {
        Prepared run = prepare("""
                print("one")
                open("/kaggle/working/out.txt", "w").write("ok")
                print("two")
                """);
        RunListener throwing = new RunListener() {
            @Override
            public void started(String containerId, java.time.Instant startedAt) {
                throw new IllegalStateException("listener broken in started");
            }

            @Override
            public void line(LogLine line) {
                throw new IllegalStateException("listener broken in line");
            }
        };

        RunOutcome outcome = runner.run(scriptSpec(run, limits()), throwing, new Cancellation());

        assertTrue(outcome.succeeded(), outcome.message());
        assertEquals("ok", Files.readString(run.dirs().working().resolve("out.txt")));
        assertThrows(NotFoundException.class, () -> docker.inspectContainerCmd(outcome.containerId()).exec());
    }

    @Test
    void failureKindsHaveLowerSnakeCaseIds() {
        assertEquals(List.of("exception", "out_of_memory", "timeout", "output_too_large", "cancelled", "platform",
                        "environment"),
                java.util.Arrays.stream(FailureKind.values()).map(FailureKind::id).toList());
        assertEquals(FailureKind.OUT_OF_MEMORY, FailureKind.fromId("out_of_memory"));
    }
}
