package org.kernelforge.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeAvailability;
import com.github.dockerjava.api.model.SwarmNodeState;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;
import com.github.dockerjava.transport.DockerHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The local Docker Swarm the suite runs on (deploy/swarm/up.sh, started by deploy/test.sh): at least two nodes Ready and
 * labelled, the runtime image with one id on every node and on the machine's engine, and a replicated-job service
 * with one task per node whose containers reach the object store's forwarder and nothing else: not the host's other
 * ports, not the nodes' swarm ports, not any address outside 10.213.0.0/24.
 */
class SwarmClusterTest {

    private static final String NODE_LABEL = "kernelforge.node";
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration NODES_READY_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Connects to each NAME=HOST:PORT of PROBE_TARGETS; prints "NAME open STATUS-LINE" or "NAME blocked ERROR". */
    private static final String PROBE = """
            import os, socket
            for target in os.environ["PROBE_TARGETS"].split(";"):
                name, address = target.split("=", 1)
                host, port = address.rsplit(":", 1)
                try:
                    with socket.create_connection((host, int(port)), timeout=2) as s:
                        s.settimeout(3)
                        s.sendall(b"GET / HTTP/1.0\\r\\nHost: " + address.encode() + b"\\r\\n\\r\\n")
                        first = s.recv(200).split(b"\\r\\n")[0].decode(errors="replace")
                    print(name, "open", first, flush=True)
                except OSError as e:
                    print(name, "blocked", e, flush=True)
            """;

    private static LocalSwarm swarm;
    private static DockerHttpClient managerHttp;
    private static DockerClient manager;

    @BeforeAll
    static void connect() throws InterruptedException {
        swarm = LocalSwarm.fromEnvironment();
        managerHttp = LocalSwarm.http(swarm.manager());
        manager = LocalSwarm.client(swarm.manager(), managerHttp);
        awaitNodesReady();
    }

    /** A test that stopped a node (deploy/swarm/node.sh) may have run just before: give it time to be back. */
    private static void awaitNodesReady() throws InterruptedException {
        Instant deadline = Instant.now().plus(NODES_READY_TIMEOUT);
        while (Instant.now().isBefore(deadline) && !nodesByLabel().values().stream()
                .allMatch(n -> n.getStatus().getState() == SwarmNodeState.READY)) {
            Thread.sleep(1000);
        }
    }

    @AfterAll
    static void close() throws IOException {
        if (manager != null) {
            manager.close();
        }
    }

    @Test
    void atLeastTwoNodesAreReadyEachWithItsLabel() {
        Map<String, SwarmNode> byLabel = nodesByLabel();
        assertTrue(swarm.nodes().size() >= 2, "the swarm has fewer than two nodes: " + swarm.nodes());
        for (String node : swarm.nodes()) {
            SwarmNode swarmNode = byLabel.get(node);
            assertTrue(swarmNode != null, "no swarm node is labelled " + NODE_LABEL + "=" + node + ": " + byLabel.keySet());
            assertEquals(SwarmNodeState.READY, swarmNode.getStatus().getState(), node + " is not Ready");
            assertEquals(SwarmNodeAvailability.ACTIVE, swarmNode.getSpec().getAvailability(), node + " is not Active");
        }
    }

    @Test
    void everyNodeHasTheRuntimeImageWithTheMachinesImageId() throws IOException {
        try (DockerClient local = LocalSwarm.client(localDockerHost())) {
            assertEquals(swarm.runtimeImageId(), local.inspectImageCmd(swarm.runtimeImage()).exec().getId(),
                    "the machine's engine names another image " + swarm.runtimeImage() + " than the nodes were given");
        }
        for (Map.Entry<String, String> node : swarm.nodeSockets().entrySet()) {
            try (DockerClient docker = LocalSwarm.client(node.getValue())) {
                assertEquals(swarm.runtimeImageId(), docker.inspectImageCmd(swarm.runtimeImage()).exec().getId(),
                        node.getKey() + " has another " + swarm.runtimeImage());
            }
        }
    }

    @Test
    void aJobOnEveryNodeReachesTheStoreForwarderAndNothingElse() throws Exception {
        try (ServerSocket hostListener = new ServerSocket()) {
            // a service of the host on every address: reachable from a run container only if the firewall fails
            hostListener.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
            Map<String, String> targets = new LinkedHashMap<>();
            targets.put("store", swarm.storeEndpoint().getHost() + ":" + swarm.storeEndpoint().getPort());
            targets.put("host-port", swarm.storeEndpoint().getHost() + ":" + hostListener.getLocalPort());
            // the swarm's own ports on the nodes: a container's own node and another one
            targets.put("node1-swarm-port", swarm.nodeAddresses().get("node1") + ":2377");
            targets.put("node2-gossip-port", swarm.nodeAddresses().get("node2") + ":7946");
            // TEST-NET-2: nothing answers there even if a packet left the machine
            targets.put("outside", "198.51.100.1:80");
            hostAddressOutsideTheSwarm().ifPresent(a -> targets.put("host-outside-address", a + ":" + hostListener.getLocalPort()));

            Map<String, String> outputByNode = runProbeOnEveryNode(targets);

            assertEquals(Set.copyOf(swarm.nodes()), outputByNode.keySet(), "the job did not run once on every node");
            for (Map.Entry<String, String> node : outputByNode.entrySet()) {
                Map<String, String> results = node.getValue().lines().map(l -> l.split(" ", 2)).filter(p -> p.length == 2)
                        .collect(Collectors.toMap(p -> p[0], p -> p[1], (a, b) -> b));
                String where = " from a container on " + node.getKey() + "; probe output:\n" + node.getValue();
                assertTrue(results.getOrDefault("store", "").startsWith("open HTTP/1.1"),
                        "the store forwarder did not answer" + where);
                for (String target : targets.keySet()) {
                    if (!target.equals("store")) {
                        assertTrue(results.getOrDefault(target, "").startsWith("blocked"),
                                target + " (" + targets.get(target) + ") was reachable" + where);
                    }
                }
            }
        }
    }

    /** One task per node (MaxReplicas 1 per node); its output by the node's label. */
    private Map<String, String> runProbeOnEveryNode(Map<String, String> targets) throws Exception {
        int nodes = swarm.nodes().size();
        String probeTargets = targets.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(";"));
        Map<String, Object> containerSpec = Map.of(
                "Image", swarm.runtimeImageId(),
                "Command", List.of("python3", "-c", PROBE),
                "Env", List.of("PROBE_TARGETS=" + probeTargets),
                "User", "1000:1000",
                "ReadOnly", true,
                "CapabilityDrop", List.of("ALL"));
        Map<String, Object> spec = Map.of(
                "Name", "kf-swarm-check-" + UUID.randomUUID().toString().substring(0, 8),
                "Labels", Map.of("kernelforge.test", getClass().getSimpleName()),
                "TaskTemplate", Map.of(
                        "ContainerSpec", containerSpec,
                        "RestartPolicy", Map.of("Condition", "none"),
                        "Resources", Map.of("Limits", Map.of("MemoryBytes", 256L << 20, "Pids", 64)),
                        "Placement", Map.of("MaxReplicas", 1)),
                "Mode", Map.of("ReplicatedJob", Map.of("MaxConcurrent", nodes, "TotalCompletions", nodes)));
        String serviceId = createService(spec);
        try {
            List<Task> tasks = awaitTasksEnded(serviceId, nodes);
            Map<String, String> labelByNodeId = new HashMap<>();
            nodesByLabel().forEach((label, node) -> labelByNodeId.put(node.getId(), label));
            Map<String, String> outputByNode = new LinkedHashMap<>();
            for (Task task : tasks) {
                String node = labelByNodeId.getOrDefault(task.getNodeId(), "unlabelled node " + task.getNodeId());
                String output = taskLogs(task.getId());
                assertEquals(TaskState.COMPLETE, task.getStatus().getState(),
                        "the probe task on " + node + " ended " + task.getStatus().getState() + " ("
                                + task.getStatus().getErr() + "); output:\n" + output);
                outputByNode.put(node, output);
            }
            return outputByNode;
        } finally {
            manager.removeServiceCmd(serviceId).exec();
        }
    }

    /** docker-java has no replicated-job mode: the engine's own API, through docker-java's HTTP client. */
    private static String createService(Map<String, Object> spec) throws IOException {
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.POST)
                .path("/v1.41/services/create")
                .putHeader("Content-Type", "application/json")
                .body(new ByteArrayInputStream(JSON.writeValueAsBytes(spec)))
                .build();
        try (DockerHttpClient.Response response = managerHttp.execute(request)) {
            String body = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(201, response.getStatusCode(), "the manager refused the service: " + body);
            JsonNode created = JSON.readTree(body);
            return created.get("ID").asText();
        }
    }

    private static List<Task> awaitTasksEnded(String serviceId, int expected) throws InterruptedException {
        Instant deadline = Instant.now().plus(JOB_TIMEOUT);
        List<Task> tasks = List.of();
        while (Instant.now().isBefore(deadline)) {
            tasks = manager.listTasksCmd().withServiceFilter(serviceId).exec();
            if (tasks.size() >= expected && tasks.stream().allMatch(SwarmClusterTest::ended)) {
                return tasks;
            }
            Thread.sleep(500);
        }
        fail("the probe job did not end within " + JOB_TIMEOUT.toSeconds() + " s; tasks: " + tasks.stream()
                .map(t -> t.getNodeId() + " " + t.getStatus().getState() + " " + t.getStatus().getErr()).toList());
        return tasks;
    }

    private static boolean ended(Task task) {
        TaskState state = task.getStatus().getState();
        return state == TaskState.COMPLETE || state == TaskState.FAILED || state == TaskState.REJECTED
                || state == TaskState.SHUTDOWN || state == TaskState.ORPHANED;
    }

    private static String taskLogs(String taskId) throws InterruptedException {
        StringBuilder output = new StringBuilder();
        manager.logTaskCmd(taskId).withStdout(true).withStderr(true).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                output.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            }
        }).awaitCompletion(30, TimeUnit.SECONDS);
        return output.toString();
    }

    private static Map<String, SwarmNode> nodesByLabel() {
        Map<String, SwarmNode> byLabel = new HashMap<>();
        for (SwarmNode node : manager.listSwarmNodesCmd().exec()) {
            Map<String, String> labels = node.getSpec().getLabels();
            if (labels != null && labels.containsKey(NODE_LABEL)) {
                byLabel.put(labels.get(NODE_LABEL), node);
            }
        }
        return byLabel;
    }

    /** One of this machine's own IPv4 addresses outside loopback and the swarm's bridge (e.g. eth0's). */
    private static Optional<String> hostAddressOutsideTheSwarm() throws IOException {
        List<String> addresses = new ArrayList<>();
        for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
            if (nic.isUp() && !nic.isLoopback() && !nic.getName().startsWith("kfsw")) {
                nic.inetAddresses().filter(a -> a instanceof Inet4Address).map(InetAddress::getHostAddress)
                        .filter(a -> !a.startsWith("10.213.0.")).forEach(addresses::add);
            }
        }
        return addresses.stream().findFirst();
    }

    private static String localDockerHost() {
        String host = System.getenv("DOCKER_HOST");
        return host == null || host.isBlank() ? "unix:///var/run/docker.sock" : host;
    }
}
