package org.kernelforge.sessions;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * A kernel's {@code channels} WebSocket, as Jupyter Server serves it: one JSON text frame per Jupyter message, each
 * naming its {@code channel}. Who may open it is decided at the handshake ({@link ChannelsUpgradeCheck}).
 */
@WebSocket(path = "/jupyter/api/kernels/{id}/channels")
public class KernelChannels {

    private static final Logger LOG = Logger.getLogger(KernelChannels.class);
    private static final UserData.TypedKey<Client> CLIENT = new UserData.TypedKey<>("kernelforge.client");
    /** Close code for "the kernel is gone" (application range 4000-4999). */
    private static final int KERNEL_GONE = 4004;

    private final SessionRegistry registry;

    KernelChannels(SessionRegistry registry) {
        this.registry = registry;
    }

    @OnOpen
    @NonBlocking
    void open(WebSocketConnection connection) {
        Long owner = connection.userData().get(ChannelsUpgradeCheck.OWNER);
        Optional<KernelSession> session = owner == null ? Optional.empty() : registry.find(connection.pathParam("id"), owner);
        if (session.isEmpty()) {
            connection.close(new CloseReason(KERNEL_GONE, "The kernel has ended")).subscribe().with(ok -> { }, e -> { });
            return;
        }
        Client client = new Client(connection, session.get());
        connection.userData().put(CLIENT, client);
        session.get().attach(client);
    }

    @OnTextMessage
    @NonBlocking
    void message(WebSocketConnection connection, String message) {
        Client client = connection.userData().get(CLIENT);
        if (client == null) {
            return;
        }
        try {
            client.session.fromClient(client, message);
        } catch (IllegalArgumentException e) {
            LOG.debugf("kernel %s: ignored a client message: %s", client.session.id(), e.getMessage());
        }
    }

    @OnClose
    @NonBlocking
    void close(WebSocketConnection connection) {
        Client client = connection.userData().get(CLIENT);
        if (client != null) {
            client.session.detach(client);
        }
    }

    private static final class Client extends AttachedClient {
        private final WebSocketConnection connection;
        private final KernelSession session;

        Client(WebSocketConnection connection, KernelSession session) {
            this.connection = connection;
            this.session = session;
        }

        @Override
        void send(String message) {
            if (connection.isOpen()) {
                connection.sendText(message).subscribe().with(ok -> { },
                        e -> LOG.debugf("kernel %s: a message to a client was lost: %s", session.id(), e.toString()));
            }
        }

        @Override
        void close(String reason) {
            String cut = reason.length() > 120 ? reason.substring(0, 120) : reason;
            connection.close(new CloseReason(KERNEL_GONE, cut)).subscribe().with(ok -> { }, e -> { });
        }
    }
}
