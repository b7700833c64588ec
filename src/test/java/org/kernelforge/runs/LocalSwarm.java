package org.kernelforge.runs;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The local Docker Swarm that deploy/swarm/up.sh starts (deploy/test.sh does, then exports KF_TEST_SWARM_ENV, the path
 * of the swarm's env file /run/kernelforge-swarm/env). The suite runs the swarm tests: without the variable they fail.
 *
 * @param manager the manager's Docker API, unix:///run/kernelforge-swarm/node1/docker.sock
 * @param nodeSockets each node's own Docker API by its kernelforge.node label (node1, node2, ...)
 * @param nodeAddresses each node's address on the swarm's bridge (10.213.0.11, ...) by its label
 * @param storeEndpoint the object store as run containers on the nodes reach it, http://10.213.0.1:9100
 * @param runtimeImage the runtime image's name on every node
 * @param runtimeImageId its id, the same on every node
 */
public record LocalSwarm(String manager, Map<String, String> nodeSockets, Map<String, String> nodeAddresses,
                         URI storeEndpoint, String runtimeImage, String runtimeImageId) {

    public static final String ENV_FILE_VARIABLE = "KF_TEST_SWARM_ENV";

    /** The swarm named by KF_TEST_SWARM_ENV; fails with what to do when it is not set or not up. */
    public static LocalSwarm fromEnvironment() {
        String file = System.getenv(ENV_FILE_VARIABLE);
        if (file == null || file.isBlank()) {
            throw new IllegalStateException(ENV_FILE_VARIABLE + " is not set: run the tests with deploy/test.sh, or start "
                    + "the local swarm with deploy/swarm/up.sh and export " + ENV_FILE_VARIABLE
                    + "=/run/kernelforge-swarm/env");
        }
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(ENV_FILE_VARIABLE + "=" + file + " names no file: the local swarm is not up "
                    + "(deploy/swarm/up.sh starts it)");
        }
        return parse(read(path));
    }

    static LocalSwarm parse(Map<String, String> env) {
        return new LocalSwarm(required(env, "KF_SWARM_MANAGER"), byNode(required(env, "KF_SWARM_NODE_SOCKETS")),
                byNode(required(env, "KF_SWARM_NODE_ADDRS")),
                URI.create(required(env, "KF_SWARM_STORE_ENDPOINT")), required(env, "KF_SWARM_RUNTIME_IMAGE"),
                required(env, "KF_SWARM_RUNTIME_IMAGE_ID"));
    }

    /** The node names (kernelforge.node labels), node1 first. */
    public List<String> nodes() {
        return nodeSockets.keySet().stream().sorted().toList();
    }

    /** An HTTP client to a Docker API (for the calls docker-java has no command for, e.g. replicated-job services). */
    public static DockerHttpClient http(String dockerHost) {
        return new ZerodepDockerHttpClient.Builder().dockerHost(URI.create(dockerHost))
                .connectionTimeout(Duration.ofSeconds(5)).responseTimeout(Duration.ofSeconds(60)).build();
    }

    /** A docker-java client over {@code http}. */
    public static DockerClient client(String dockerHost, DockerHttpClient http) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(dockerHost).build();
        return DockerClientImpl.getInstance(config, http);
    }

    public static DockerClient client(String dockerHost) {
        return client(dockerHost, http(dockerHost));
    }

    private static Map<String, String> read(Path path) {
        try {
            return Files.readAllLines(path).stream().filter(line -> line.contains("=") && !line.startsWith("#"))
                    .map(line -> line.split("=", 2))
                    .collect(Collectors.toMap(kv -> kv[0].trim(), kv -> kv[1].trim(), (a, b) -> b));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the swarm's env file " + path, e);
        }
    }

    /** node1=a,node2=b as a map. */
    private static Map<String, String> byNode(String pairs) {
        Map<String, String> byNode = new LinkedHashMap<>();
        for (String pair : pairs.split(",")) {
            String[] nameAndValue = pair.split("=", 2);
            byNode.put(nameAndValue[0], nameAndValue[1]);
        }
        return Map.copyOf(byNode);
    }

    private static String required(Map<String, String> env, String key) {
        String value = env.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("the swarm's env file has no " + key + " (written by deploy/swarm/up.sh; "
                    + "keys present: " + Arrays.toString(env.keySet().stream().sorted().toArray()) + ")");
        }
        return value;
    }
}
