package org.kernelforge.faults;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * An S3Proxy of the test's own (the jar deploy/test.sh uses, a free loopback port, its own folder), so that a test
 * can stop and start the object store under a server without touching the one the other tests share. Its state is
 * kept in system properties: the test class and this resource are loaded by different class loaders.
 */
public class OwnObjectStore implements QuarkusTestResourceLifecycleManager {

    static final String ACCESS_KEY = "kernelforge-faults";
    static final String SECRET_KEY = "kernelforge-faults-secret";
    static final String BUCKET = "kernelforge-faults";
    private static final String PROPS = "test-faults.s3.props";
    private static final String PORT = "test-faults.s3.port";
    private static final String PID = "test-faults.s3.pid";

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("kernelforge-own-s3");
            int port = freePort();
            Path props = dir.resolve("s3proxy.properties");
            Files.writeString(props, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY, "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=filesystem-nio2",
                    "jclouds.identity=" + ACCESS_KEY, "jclouds.credential=" + SECRET_KEY,
                    "jclouds.filesystem.basedir=" + dir.resolve("data"), ""));
            Files.createDirectories(dir.resolve("data"));
            System.setProperty(PROPS, props.toString());
            System.setProperty(PORT, String.valueOf(port));
            startAgain();
            return Map.of("kernelforge.storage.endpoint", endpoint(),
                    "kernelforge.storage.access-key", ACCESS_KEY,
                    "kernelforge.storage.secret-key", SECRET_KEY,
                    "kernelforge.storage.bucket", BUCKET);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        kill();
        try {
            org.kernelforge.platform.FileTrees.deleteTree(Path.of(System.getProperty(PROPS)).getParent());
        } catch (IOException ignored) {
            // a temporary folder
        }
    }

    static String endpoint() {
        return "http://127.0.0.1:" + System.getProperty(PORT);
    }

    /** Starts the S3Proxy (again), on the same port and folder, and waits until it listens. */
    static void startAgain() throws IOException {
        Path props = Path.of(System.getProperty(PROPS));
        String jar = System.getenv().getOrDefault("KF_CACHE_DIR", "/var/cache/kernelforge")
                + "/s3proxy-2.6.0-jar-with-dependencies.jar";
        Process process = new ProcessBuilder("java", "-Xmx256m", "-jar", jar, "--properties", props.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(props.resolveSibling("s3proxy.log").toFile()))
                .start();
        System.setProperty(PID, String.valueOf(process.pid()));
        int port = Integer.parseInt(System.getProperty(PORT));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the test's S3Proxy exited; see " + props.resolveSibling("s3proxy.log"));
                }
                sleep(200);
            }
        }
        throw new IllegalStateException("the test's S3Proxy did not listen within 90 s");
    }

    /** Stops the S3Proxy at once (SIGKILL), as a crashed or unplugged store. */
    static void kill() {
        String pid = System.getProperty(PID);
        if (pid != null) {
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(p -> {
                p.destroyForcibly();
                p.onExit().join();
            });
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
