package org.kernelforge.sessions;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One open {@code channels} WebSocket of a session. Remembers the client sessions ({@code header.session}) it sent
 * messages under, so the kernel's replies on shell, control and stdin reach the client that asked, as with Jupyter
 * Server; iopub goes to every client.
 */
abstract class AttachedClient {

    private final Set<String> clientSessions = ConcurrentHashMap.newKeySet();

    /** Sends one message; never blocks. */
    abstract void send(String message);

    /** Closes the WebSocket, telling the client why. */
    abstract void close(String reason);

    void sentUnder(String clientSession) {
        if (clientSession != null) {
            clientSessions.add(clientSession);
        }
    }

    boolean sentUnderAny(String clientSession) {
        return clientSession != null && clientSessions.contains(clientSession);
    }
}
