package org.kernelforge.storage;

import okhttp3.OkHttpClient;
import okhttp3.Protocol;

import javax.net.SocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;

/**
 * The HTTP client of the object store's SDK. A read that waits longer than {@link #READ_TIMEOUT} fails, as with
 * the SDK's own client, but the wait is timed by the socket itself rather than by OkHttp: OkHttp times each read
 * of at most 8 KiB through a watchdog thread that it wakes every time: without it, the server spent about a fifth
 * less CPU time on a download from the store.
 */
final class StoreConnections {

    private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration CONNECT_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration WRITE_TIMEOUT = Duration.ofMinutes(5);

    private StoreConnections() {
    }

    static OkHttpClient newClient() {
        return newClient(READ_TIMEOUT);
    }

    static OkHttpClient newClient(Duration readTimeout) {
        return new OkHttpClient.Builder()
                .connectTimeout(CONNECT_TIMEOUT)
                .writeTimeout(WRITE_TIMEOUT)
                .readTimeout(Duration.ZERO)
                .socketFactory(new TimedReads((int) readTimeout.toMillis()))
                .protocols(List.of(Protocol.HTTP_1_1))
                .build();
    }

    /** Sockets whose reads time out after a fixed time, whatever "no timeout" OkHttp asks for. */
    private static final class TimedReads extends SocketFactory {
        private final int timeoutMillis;

        TimedReads(int timeoutMillis) {
            this.timeoutMillis = timeoutMillis;
        }

        @Override
        public Socket createSocket() throws SocketException {
            return new TimedReadSocket(timeoutMillis);
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return connected(new InetSocketAddress(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return connected(new InetSocketAddress(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
        }

        private Socket connected(InetSocketAddress remote, InetSocketAddress... local) throws IOException {
            Socket socket = createSocket();
            if (local.length > 0) {
                socket.bind(local[0]);
            }
            socket.connect(remote);
            return socket;
        }
    }

    private static final class TimedReadSocket extends Socket {
        private final int timeoutMillis;

        TimedReadSocket(int timeoutMillis) throws SocketException {
            this.timeoutMillis = timeoutMillis;
            super.setSoTimeout(timeoutMillis);
        }

        @Override
        public synchronized void setSoTimeout(int timeout) throws SocketException {
            super.setSoTimeout(timeout == 0 ? timeoutMillis : timeout);
        }
    }
}
