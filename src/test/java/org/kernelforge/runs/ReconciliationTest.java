package org.kernelforge.runs;

import com.github.dockerjava.api.exception.NotFoundException;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** After a server restart: containers found by label, re-attached, finished or declared gone. */
@QuarkusTest
class ReconciliationTest extends RunsTestBase {

    @Inject
    ContainerSettings settings;
    @Inject
    RunContainers containers;

    @Test
    void aStillRunningContainerIsFoundByLabelAndFollowedToItsEnd() throws Exception {
        Prepared run = prepare("""
                import time
                print("before restart", flush=True)
                time.sleep(2)
                print("after restart")
                open("/kaggle/working/done.txt", "w").write("yes")
                """);
        RunSpec spec = scriptSpec(run, limits());
        String containerId = startAsAPreviousServerWould(spec);

        LabelledContainer found = containers.findRunContainers().stream()
                .filter(c -> c.runId().equals(spec.runId())).findFirst().orElseThrow();
        assertEquals(containerId, found.containerId());
        assertTrue(found.running());
        assertEquals(spec.containerName(), found.name());
        Recorder recorder = new Recorder();

        RunOutcome outcome = runner.reattach(spec, containerId, null, 0, recorder, new Cancellation());

        assertTrue(outcome.succeeded(), outcome.message() + recorder.text());
        assertTrue(recorder.has("stdout", "before restart") && recorder.has("stdout", "after restart"), recorder.text());
        assertEquals("yes", Files.readString(run.dirs().working().resolve("done.txt")));
        assertThrows(NotFoundException.class, () -> docker.inspectContainerCmd(containerId).exec());
    }

    @Test
    void aContainerThatExitedWhileTheServerWasDownIsFinishedWithItsExitState() throws Exception {
        Prepared run = prepare("""
                print("first", flush=True)
                hog = b"x" * (1024 * 1024 * 1024)
                """);
        RunSpec spec = scriptSpec(run, limits().withMemoryBytes(128L * 1024 * 1024));
        String containerId = startAsAPreviousServerWould(spec);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Boolean.TRUE.equals(docker.inspectContainerCmd(containerId).exec().getState().getRunning())) {
            if (Instant.now().isAfter(deadline)) {
                fail("the memory hog's container " + containerId + " still ran after 60 s: it was not stopped at its memory limit");
            }
            Thread.sleep(100);
        }
        Recorder recorder = new Recorder();

        RunOutcome outcome = runner.reattach(spec, containerId, null, 3600, recorder, new Cancellation());

        assertEquals(FailureKind.OUT_OF_MEMORY, outcome.failure(), outcome.message());
        assertEquals(137, outcome.exitCode());
        assertEquals(List.of(), recorder.lines, "lines before the given offset were stored already");
        assertThrows(NotFoundException.class, () -> docker.inspectContainerCmd(containerId).exec());
    }

    @Test
    void aContainerThatIsGoneFailsAsPlatform() throws Exception {
        Prepared run = prepare("print('x')");
        String gone = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

        RunOutcome outcome = runner.reattach(scriptSpec(run, limits()), gone, null, 0, new Recorder(), new Cancellation());

        assertEquals(FailureKind.PLATFORM, outcome.failure());
        assertEquals("The run's container 0123456789ab is gone (the Docker engine or the host restarted); "
                + "the run cannot be finished", outcome.message());
    }

    private String startAsAPreviousServerWould(RunSpec spec) {
        String imageId = docker.inspectImageCmd(spec.image()).exec().getId();
        String id = settings.apply(docker.createContainerCmd(imageId), spec).exec().getId();
        docker.startContainerCmd(id).exec();
        return id;
    }
}
