package org.kernelforge.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The engine contract on a real Docker Swarm (deploy/swarm/up.sh; deploy/test.sh exports KF_TEST_SWARM_ENV, the env
 * file it writes), and what only a cluster has: runs spread over nodes, a node that stops under a run.
 */
@QuarkusTest
class SwarmEngineTest extends RunEngineContract {

    @Inject
    SwarmEngine swarm;

    @BeforeEach
    void theSwarmIsConfigured() {
        String env = System.getenv("KF_TEST_SWARM_ENV");
        if (env == null || env.isBlank()) {
            fail("KF_TEST_SWARM_ENV is not set: these tests need a swarm (deploy/swarm/up.sh) and the path of its env "
                    + "file, e.g. export KF_TEST_SWARM_ENV=/run/kernelforge-swarm/env (deploy/test.sh does both)");
        }
        assertTrue(Files.isReadable(Path.of(env)), "the swarm env file " + env + " is not readable: is the swarm up?");
    }

    @Override
    RunEngine engine() {
        return swarm;
    }

    /** Test-labelled containers on the swarm's nodes, by node socket. */
    private Map<String, List<String>> nodeContainers() {
        Map<String, List<String>> found = new TreeMap<>();
        for (Map.Entry<String, String> node : swarm.target().nodeSockets().entrySet()) {
            try (SwarmApi api = new SwarmApi(node.getValue())) {
                List<String> ids = api.docker().listContainersCmd().withShowAll(true)
                        .withLabelFilter(Map.of(TEST_LABEL, TEST_LABEL_VALUE)).exec().stream().map(c -> c.getId()).toList();
                if (!ids.isEmpty()) {
                    found.put(node.getValue(), ids);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return found;
    }

    private void removeNodeContainers() {
        nodeContainers().forEach((socket, ids) -> {
            try (SwarmApi api = new SwarmApi(socket)) {
                ids.forEach(id -> api.docker().removeContainerCmd(id).withForce(true).exec());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @AfterEach
    void noContainerIsLeftOnTheNodes() {
        Map<String, List<String>> left = nodeContainers();
        removeNodeContainers();
        assertEquals(Map.of(), left, "labelled containers left behind on the swarm's nodes");
    }

    @AfterEach
    void noServiceIsLeftOnTheSwarm() throws InterruptedException {
        Instant until = Instant.now().plusSeconds(30);
        List<JsonNode> left;
        do {
            left = swarm.api().servicesLabelled(TEST_LABEL + "=" + TEST_LABEL_VALUE);
            if (left.isEmpty()) {
                break;
            }
            Thread.sleep(500);
        } while (Instant.now().isBefore(until));
        left.forEach(s -> swarm.api().removeService(s.path("ID").asText()));
        assertEquals(List.of(), left.stream().map(s -> s.path("Spec").path("Name").asText()).toList(),
                "swarm services left behind");
    }

    @Test
    void runsLandOnMoreThanOneNode() throws Exception {
        List<CompletableFuture<Recorder>> runs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Prepared run = prepare("import time; time.sleep(2); print('ran')");
            Recorder recorder = new Recorder();
            runs.add(CompletableFuture.supplyAsync(() -> {
                RunOutcome outcome = swarm.run(scriptSpec(run, limits()), recorder, new Cancellation());
                assertTrue(outcome.succeeded(), outcome.message() + "\n" + recorder.text());
                return recorder;
            }));
        }
        Set<String> nodes = new HashSet<>();
        for (CompletableFuture<Recorder> run : runs) {
            Recorder recorder = run.get(5, TimeUnit.MINUTES);
            assertPlaced(recorder);
            nodes.add(recorder.placed.get(0));
        }
        assertTrue(nodes.size() > 1, "all six runs landed on " + nodes);
    }

    @Test
    void aNodeStoppedMidRunFailsTheRunAsPlatformNotRunning() throws Exception {
        // node1 is the manager: the runs occupy both nodes, and the one on the other node loses it
        List<CompletableFuture<RunOutcome>> outcomes = new ArrayList<>();
        List<Recorder> recorders = new ArrayList<>();
        List<Cancellation> cancellations = new ArrayList<>();
        CountDownLatch bothStarted = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            Prepared run = prepare("import time\nprint('started', flush=True)\ntime.sleep(300)");
            Cancellation cancellation = new Cancellation();
            Recorder recorder = new Recorder() {
                @Override
                public void line(LogLine line) {
                    super.line(line);
                    if (line.text().equals("started")) {
                        bothStarted.countDown();
                    }
                }
            };
            recorders.add(recorder);
            cancellations.add(cancellation);
            outcomes.add(CompletableFuture.supplyAsync(() -> swarm.run(scriptSpec(run, limits().withTimeout(Duration.ofMinutes(5))),
                    recorder, cancellation)));
        }
        Instant waitUntil = Instant.now().plusSeconds(180);
        // the engine reports the node when it next polls the task, which can be after the first log line
        while (!bothStarted.await(1, TimeUnit.SECONDS) || recorders.stream().anyMatch(r -> r.placed.isEmpty())) {
            for (CompletableFuture<RunOutcome> outcome : outcomes) {
                if (outcome.isDone()) {
                    fail("a run ended before the node was stopped: " + outcome.get().message());
                }
            }
            assertTrue(Instant.now().isBefore(waitUntil), "both runs started");
        }
        int onWorker = recorders.get(0).placed.equals(List.of("node1")) ? 1 : 0;
        String worker = recorders.get(onWorker).placed.get(0);
        assertTrue(!worker.equals("node1"), "one run on a worker node: " + recorders.get(0).placed + recorders.get(1).placed);
        String index = worker.replace("node", "");
        Path nodeScript = Path.of("deploy/swarm/node.sh").toAbsolutePath();
        assertTrue(Files.isExecutable(nodeScript), nodeScript + " (from deploy/swarm) is needed to stop a node");
        try {
            assertEquals(0, new ProcessBuilder(nodeScript.toString(), "stop", index, "KILL").inheritIO().start().waitFor());
            long stopped = System.nanoTime();
            RunOutcome lost = outcomes.get(onWorker).get(2, TimeUnit.MINUTES);
            assertEquals(FailureKind.PLATFORM, lost.failure(), lost.message());
            assertTrue(lost.message().contains("The node " + worker + " that ran this version stopped"), lost.message());
            assertTrue(System.nanoTime() - stopped < TimeUnit.SECONDS.toNanos(60), "failed within a minute");
        } finally {
            new ProcessBuilder(nodeScript.toString(), "start", index).inheritIO().start().waitFor();
            cancellations.forEach(Cancellation::cancel);
        }
        RunOutcome other = outcomes.get(1 - onWorker).get(2, TimeUnit.MINUTES);
        assertEquals(FailureKind.CANCELLED, other.failure(), other.message());
        removeNodeContainers(); // the lost node's container: the engine could not reach the node to remove it

    }

    @Test
    void aRunWhoseServerDiedIsFollowedAgainByItsServiceToItsEnd() throws Exception {
        Prepared run = prepare("""
                import time
                print("before", flush=True)
                time.sleep(3)
                open("/kaggle/working/after.txt", "w").write("done")
                print("after")
                """);
        RunSpec spec = scriptSpec(run, limits());
        // a server submitted the run and was killed before it followed it: the service runs on, unobserved
        SwarmEngine.Submitted submitted = swarm.submit(spec, new Cancellation());
        assertEquals(RunEngine.JobState.RUNNING, swarm.state(submitted.serviceId()));
        Recorder recorder = new Recorder();

        RunOutcome outcome = swarm.reattach(spec, submitted.serviceId(), Instant.now(), 0, recorder, new Cancellation());

        assertTrue(outcome.succeeded(), outcome.message() + "\n" + recorder.text());
        assertEquals("done", Files.readString(run.dirs().working().resolve("after.txt")));
        assertTrue(recorder.has("stdout", "before") && recorder.has("stdout", "after"), recorder.text());
        assertEquals(RunEngine.JobState.GONE, swarm.state(submitted.serviceId()), "the service is removed once finished");
    }
}
