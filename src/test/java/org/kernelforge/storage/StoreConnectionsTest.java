package org.kernelforge.storage;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreConnectionsTest {

    /** A store that sends the start of an answer and then nothing: a read must give up, not wait forever. */
    @Test
    void aStalledAnswerFailsAfterTheReadTimeout() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread stalling = new Thread(() -> {
                try (Socket socket = server.accept()) {
                    socket.getInputStream().read(new byte[8192]);
                    OutputStream out = socket.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\nfirst bytes".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread.sleep(30_000);
                } catch (Exception ignored) {
                    // the client gave up
                }
            });
            stalling.setDaemon(true);
            stalling.start();
            OkHttpClient client = StoreConnections.newClient(Duration.ofMillis(500));
            Request request = new Request.Builder().url("http://127.0.0.1:" + server.getLocalPort() + "/bucket/key").build();
            long start = System.nanoTime();
            try (Response response = client.newCall(request).execute(); InputStream body = response.body().byteStream()) {
                assertThrows(SocketTimeoutException.class, () -> body.transferTo(OutputStream.nullOutputStream()));
            }
            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waitedMillis >= 400 && waitedMillis < 10_000, "gave up after " + waitedMillis + " ms");
        }
    }
}
