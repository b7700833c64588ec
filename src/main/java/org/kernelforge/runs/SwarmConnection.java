package org.kernelforge.runs;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The swarm the engine runs on: its manager's API (made on first use, so a server on the local engine never needs a
 * swarm), its nodes by name, and the removal of what a run leaves on it (service, secret, a node's exited container).
 */
@ApplicationScoped
class SwarmConnection {

    private static final Logger LOG = Logger.getLogger(SwarmConnection.class);

    private final EngineConfig.Swarm config;
    private final Map<String, String> nodeNames = new ConcurrentHashMap<>();
    private volatile SwarmTarget target;
    private volatile SwarmApi api;

    SwarmConnection(EngineConfig config) {
        this.config = config.swarm();
    }

    SwarmApi api() {
        SwarmApi current = api;
        if (current == null) {
            synchronized (this) {
                if (api == null) {
                    api = new SwarmApi(target().manager());
                }
                current = api;
            }
        }
        return current;
    }

    SwarmTarget target() {
        SwarmTarget t = target;
        if (t == null) {
            t = SwarmTarget.of(config);
            target = t;
        }
        return t;
    }

    /** A node's name ({@link SwarmEngine#NODE_LABEL}, else its host name) by its id, remembered. */
    String nodeName(String nodeId) {
        return nodeNames.computeIfAbsent(nodeId, id -> api().node(id).map(SwarmConnection::nodeName).orElse(id));
    }

    /** The swarm's nodes by name, with their state. */
    Map<String, String> nodes() {
        Map<String, String> nodes = new LinkedHashMap<>();
        for (JsonNode node : api().nodes()) {
            nodes.put(nodeName(node), node.path("Status").path("State").asText());
        }
        return nodes;
    }

    private static String nodeName(JsonNode node) {
        String label = node.path("Spec").path("Labels").path(SwarmEngine.NODE_LABEL).asText("");
        return label.isEmpty() ? node.path("Description").path("Hostname").asText(node.path("ID").asText()) : label;
    }

    /** Removes a job's exited container through its node's API, where the engine has it (see {@link SwarmTarget}). */
    void removeContainer(String node, String containerId) {
        String socket = node == null ? null : target().nodeSockets().get(node);
        if (socket == null || containerId == null) {
            return;
        }
        try (SwarmApi nodeApi = new SwarmApi(socket)) {
            nodeApi.docker().removeContainerCmd(containerId).withForce(true).exec();
        } catch (com.github.dockerjava.api.exception.NotFoundException gone) {
            LOG.debugf("container %s of a swarm job is already gone", containerId);
        } catch (RuntimeException | IOException e) {
            LOG.warnf("Could not remove container %s of a swarm job on %s: %s", containerId, node, e.getMessage());
        }
    }

    /** Removes a run's service (when it was made) and its secret; a failure is logged, never thrown. */
    void removeService(String serviceId, String secretName, String runId) {
        SwarmApi swarm = api;
        if (swarm == null) {
            return;
        }
        try {
            if (serviceId != null) {
                swarm.removeService(serviceId);
            }
            removeSecret(swarm, secretName);
        } catch (RuntimeException e) {
            LOG.warnf("Could not remove the swarm service of run %s: %s", runId, e.getMessage());
        }
    }

    /** A secret is in use until its service's task is gone: tried again for a few seconds. */
    private static void removeSecret(SwarmApi swarm, String name) {
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                swarm.removeSecret(name);
                return;
            } catch (SwarmApi.SwarmApiException inUse) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        LOG.warnf("The swarm secret %s is still in use; it is left behind", name);
    }

    @PreDestroy
    void close() {
        SwarmApi current = api;
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                LOG.debugf("closing the swarm manager's client failed: %s", e.getMessage());
            }
        }
    }
}
