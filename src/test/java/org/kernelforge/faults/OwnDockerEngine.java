package org.kernelforge.faults;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A Docker engine of the test's own (deploy/lib/test-engine.sh: its own containerd, socket, data and exec roots, the
 * runtime image loaded once per image id), so that a test can stop and start the engine under a server without
 * touching the one the other tests and helpers share. Only dockerd is stopped: containerd and the containers' shims
 * stay, as on a host whose engine restarts.
 */
public class OwnDockerEngine implements QuarkusTestResourceLifecycleManager {

    private static final String HOST = "test-faults.docker.host";

    @Override
    public Map<String, String> start() {
        List<String> lines = script("start").lines().filter(l -> !l.isBlank()).toList();
        String host = lines.get(lines.size() - 1);
        System.setProperty(HOST, host);
        return Map.of("kernelforge.docker.host", host);
    }

    @Override
    public void stop() {
        script("stop");
    }

    /** The engine's address, unix:///run/.../docker.sock. */
    static String host() {
        return System.getProperty(HOST);
    }

    /** Stops dockerd with {@code signal} (TERM: as systemctl stop does; KILL: a crash) and waits until it is gone. */
    static void stopEngine(String signal) {
        script("stop-dockerd", signal);
    }

    /** Starts dockerd again and waits until it answers. */
    static void startEngine() {
        script("start-dockerd");
    }

    private static String script(String... args) {
        Path script = repositoryRoot().resolve("deploy/lib/test-engine.sh");
        List<String> command = new java.util.ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("deploy/lib/test-engine.sh"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("deploy/lib/test-engine.sh not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
