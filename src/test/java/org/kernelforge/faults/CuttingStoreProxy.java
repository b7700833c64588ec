package org.kernelforge.faults;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay between the server and the test object store that a test can have cut the store off once a given
 * number of bytes went to it: every connection is closed in the middle of what it carries, and new ones are closed
 * as they come, until the test lets it through again. Controlled by system properties (the test class and this
 * resource are loaded by different class loaders): {@value #CUT_AFTER} set to N cuts after N more bytes;
 * {@value #CUT} is "true" once it cut; clearing {@value #CUT_AFTER} lets everything through again.
 */
public class CuttingStoreProxy implements QuarkusTestResourceLifecycleManager {

    static final String CUT_AFTER = "test.cutting-proxy.cut-after";
    static final String CUT = "test.cutting-proxy.cut";

    private final AtomicLong sent = new AtomicLong();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile String armedWith;
    private volatile long armedAt;
    private ServerSocket server;
    private URI upstream;

    @Override
    public Map<String, String> start() {
        try {
            upstream = URI.create(System.getenv().getOrDefault("KF_TEST_S3_ENDPOINT", "http://127.0.0.1:9100"));
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::accept, "cutting-proxy");
            acceptor.setDaemon(true);
            acceptor.start();
            return Map.of("kernelforge.storage.endpoint", "http://127.0.0.1:" + server.getLocalPort());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        try {
            server.close();
        } catch (IOException ignored) {
            // stopping anyway
        }
        closeAll();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (cutOff()) {
                    client.close();
                    continue;
                }
                Socket store = new Socket(upstream.getHost(), upstream.getPort());
                open.add(client);
                open.add(store);
                pump(client, store, true);
                pump(store, client, false);
            } catch (IOException e) {
                // a closed server socket ends the loop; a failed connection only that connection
            }
        }
    }

    private void pump(Socket from, Socket to, boolean towardsStore) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    if (towardsStore && passesLimit(n)) {
                        System.setProperty(CUT, "true");
                        closeAll();
                        return;
                    }
                    out.write(buffer, 0, n);
                }
            } catch (IOException ignored) {
                // the other side closed, or the cut
            } finally {
                close(from);
                close(to);
            }
        }, "cutting-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    /** Counts bytes towards the store; true when they pass the armed limit. */
    private synchronized boolean passesLimit(int n) {
        long total = sent.addAndGet(n);
        String limit = System.getProperty(CUT_AFTER);
        if (limit == null) {
            armedWith = null;
            return false;
        }
        if (!limit.equals(armedWith)) {
            armedWith = limit;
            armedAt = total - n;
        }
        return total - armedAt > Long.parseLong(limit);
    }

    private static boolean cutOff() {
        return System.getProperty(CUT_AFTER) != null && "true".equals(System.getProperty(CUT));
    }

    private void closeAll() {
        open.forEach(CuttingStoreProxy::close);
        open.clear();
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
