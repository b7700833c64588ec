package org.kernelforge.runs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the swarm is: its manager's API and the object store as its nodes reach it. Set directly
 * (KF_SWARM_MANAGER, KF_SWARM_STORE_ENDPOINT, KF_SWARM_NODE_SOCKETS) or read from the env file deploy/swarm/up.sh writes.
 * Node sockets are optional: where the engine can reach a node's own API it removes the exited containers of jobs, which
 * Docker 20.10's swarm leaves behind when a job's service is removed.
 */
record SwarmTarget(String manager, String storeEndpoint, Map<String, String> nodeSockets) {

    static SwarmTarget of(EngineConfig.Swarm config) {
        Map<String, String> file = config.envFile().filter(f -> !f.isBlank()).map(SwarmTarget::read).orElse(Map.of());
        String manager = config.manager().filter(m -> !m.isBlank()).orElse(file.get("KF_SWARM_MANAGER"));
        String store = config.storeEndpoint().filter(s -> !s.isBlank()).orElse(file.get("KF_SWARM_STORE_ENDPOINT"));
        if (manager == null || manager.isBlank() || store == null || store.isBlank()) {
            throw new PlatformFailure("The swarm engine is not configured: set KF_SWARM_MANAGER and KF_SWARM_STORE_ENDPOINT"
                    + " (or KF_SWARM_ENV_FILE, the env file deploy/swarm/up.sh writes)");
        }
        String sockets = config.nodeSockets().filter(s -> !s.isBlank()).orElse(file.getOrDefault("KF_SWARM_NODE_SOCKETS", ""));
        Map<String, String> nodeSockets = new LinkedHashMap<>();
        for (String pair : sockets.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                nodeSockets.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
            }
        }
        return new SwarmTarget(manager.strip(), store.strip(), Map.copyOf(nodeSockets));
    }

    /** KEY=value lines; blank lines, comments and an optional {@code export} are allowed, quotes are stripped. */
    static Map<String, String> read(String path) {
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of(path))) {
                String l = line.strip().replaceFirst("^export\\s+", "");
                int eq = l.indexOf('=');
                if (l.isEmpty() || l.startsWith("#") || eq < 1) {
                    continue;
                }
                values.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip().replaceAll("^[\"']|[\"']$", ""));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the swarm env file " + path, e);
        }
        return values;
    }
}
