package org.kernelforge.runs;

import com.github.dockerjava.api.exception.NotFoundException;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** A pool of its own, of the test runs' shape, on the real engine. */
@QuarkusTest
class WarmContainersTest extends RunsTestBase {

    @Inject
    ContainerSettings settings;
    @Inject
    RunsConfig config;

    private WarmContainers pool;
    private WarmShape shape;
    private String imageId;
    private final List<Path> runFolders = new ArrayList<>();

    @BeforeEach
    void startPool() {
        pool = new WarmContainers(docker, settings, directories, containers, config);
        shape = WarmShape.of(dockerConfig.runtimeImage(), Map.of("KF_TEST", "1"), limits());
        imageId = docker.inspectImageCmd(dockerConfig.runtimeImage()).exec().getId();
        pool.keepReady(shape, Path.of("target", "warm-tests", UUID.randomUUID().toString().substring(0, 8)),
                Map.of(TEST_LABEL, TEST_LABEL_VALUE));
    }

    @AfterEach
    void closePool() throws IOException {
        pool.close();
        for (Path folder : runFolders) {
            directories.removeRunFolder(folder);
            assertFalse(Files.exists(folder), "run folder removed, with what was mounted in it");
        }
    }

    @Test
    void aWarmContainerBecomesOneRunWithReadOnlyInputs() throws Exception {
        WarmContainer warm = takeReady();
        Path input = Files.createDirectories(Path.of("target", "warm-tests", "input-" + UUID.randomUUID()).toAbsolutePath());
        Files.writeString(input.resolve("data.csv"), "a,b\n1,2\n");
        // writable for everyone on the host: only the read-only mount may stop the kernel
        Files.setPosixFilePermissions(input, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(input.resolve("data.csv"), PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.writeString(warm.sourceDir().resolve("main.py"), """
                import os
                print("CONTROL", os.listdir("/kaggle/.control"))
                for p in ["/kaggle/input/data/new.txt", "/input/data/data.csv"]:
                    try:
                        open(p, "a").write("x")
                        print("WROTE", p)
                    except OSError as e:
                        print("DENIED", p, e.strerror)
                print("READ", open("/kaggle/input/data/data.csv").read().strip())
                open("/kaggle/working/out.txt", "w").write("done")
                print("FINISHED")
                """);
        Recorder recorder = new Recorder();

        RunOutcome outcome = runner.handOver(warmSpec(warm, limits(), List.of(new InputMount(input, "data"))), warm, recorder,
                new Cancellation());

        assertTrue(outcome.succeeded(), outcome.message() + recorder.text());
        assertEquals(List.of(warm.containerId()), recorder.started, "the run started in the warm container");
        assertEquals(warm.containerId(), outcome.containerId(), "the run ended in the warm container");
        assertTrue(recorder.has("stdout", "DENIED /kaggle/input/data/new.txt Read-only file system"), recorder.text());
        assertTrue(recorder.has("stdout", "DENIED /input/data/data.csv Read-only file system"), recorder.text());
        assertTrue(recorder.has("stdout", "READ a,b"), recorder.text());
        // the hand-over pipe is gone: a kernel reading every file under /kaggle would block on it
        assertTrue(recorder.has("stdout", "CONTROL []"), recorder.text());
        assertTrue(recorder.has("stdout", "FINISHED"), recorder.text());
        assertEquals("done", Files.readString(warm.dirs().working().resolve("out.txt")));
        assertEquals("a,b\n1,2\n", Files.readString(input.resolve("data.csv")));
        containers.awaitRemovals(Duration.ofSeconds(30));
        assertThrows(NotFoundException.class, () -> docker.inspectContainerCmd(warm.containerId()).exec(),
                "a warm container serves one run and is removed after it");
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES) // a time limit not enforced fails here instead of hanging the build
    void theTimeLimitCountsFromTheHandOverNotFromTheContainersStart() throws Exception {
        WarmContainer warm = takeReady();
        Files.writeString(warm.sourceDir().resolve("main.py"), """
                import time
                print("STARTED", flush=True)
                time.sleep(120)
                """);
        Duration timeLimit = Duration.ofSeconds(2);
        Instant containerStarted = Instant.parse(docker.inspectContainerCmd(warm.containerId()).exec().getState().getStartedAt());
        // the container waits idle for longer than the limit: a limit counted from its start would be over already
        while (!Instant.now().isAfter(containerStarted.plus(timeLimit).plusMillis(500))) {
            Thread.sleep(100);
        }
        Recorder recorder = new Recorder();
        Instant handedOver = Instant.now();

        RunOutcome outcome = runner.handOver(warmSpec(warm, limits().withTimeout(timeLimit), List.of()), warm, recorder,
                new Cancellation());

        assertEquals(FailureKind.TIMEOUT, outcome.failure(), outcome.message() + recorder.text());
        assertEquals(List.of(warm.containerId()), recorder.started, "the run started in the warm container");
        assertFalse(outcome.startedAt().isBefore(handedOver.minusMillis(1)), "the run starts at the hand-over");
        Duration ran = Duration.between(outcome.startedAt(), outcome.finishedAt());
        assertTrue(ran.compareTo(timeLimit) >= 0, "the run had its whole time limit from the hand-over; it ran " + ran);
    }

    @Test
    void aWarmContainerThatStoppedIsReportedGoneBeforeAnythingRuns() throws Exception {
        WarmContainer warm = takeReady();
        docker.killContainerCmd(warm.containerId()).exec();
        Files.writeString(warm.sourceDir().resolve("main.py"), "print('never')");
        Recorder recorder = new Recorder();

        assertThrows(WarmContainerGone.class, () -> runner.handOver(warmSpec(warm, limits(), List.of()), warm, recorder,
                new Cancellation()));
        assertEquals(List.of(), recorder.started, "nothing started");
        assertEquals(List.of(), recorder.lines);
    }

    @Test
    void onlyARunOfTheSameShapeAndImageTakesAWarmContainer() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (pool.readyCount() == 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        int ready = pool.readyCount();
        assertTrue(ready > 0, "a warm container is ready");
        WarmShape moreMemory = WarmShape.of(shape.image(), shape.env(), limits().withMemoryBytes(shape.memoryBytes() * 2));
        WarmShape otherEnv = WarmShape.of(shape.image(), Map.of("KF_TEST", "2"), limits());

        assertEquals(Optional.empty(), pool.take(moreMemory, imageId));
        assertEquals(Optional.empty(), pool.take(otherEnv, imageId));
        assertEquals(Optional.empty(), pool.take(shape, "sha256:" + "0".repeat(64)), "an image rebuilt since");
        assertTrue(pool.readyCount() >= ready, "the ready ones stay for runs that fit");
    }

    /** A ready container, its folder moved where the test releases it. */
    private WarmContainer takeReady() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            Optional<WarmContainer> warm = pool.take(shape, imageId);
            if (warm.isPresent()) {
                Path folder = Path.of("target", "runs-tests", "w-" + UUID.randomUUID().toString().substring(0, 12)).toAbsolutePath();
                runFolders.add(folder);
                return warm.get().movedTo(folder);
            }
            Thread.sleep(50);
        }
        return fail("no warm container became ready");
    }

    private RunSpec warmSpec(WarmContainer warm, RunLimits limits, List<InputMount> inputs) {
        return new RunSpec("t-" + UUID.randomUUID().toString().substring(0, 12), shape.image(),
                List.of("python3", "-u", "/kaggle/src/main.py"), shape.env(), inputs, warm.sourceDir(),
                warm.dirs().working(), warm.dirs().platform(), limits, false, false, Map.of(TEST_LABEL, TEST_LABEL_VALUE));
    }
}
