package org.kernelforge.sessions;

import org.jboss.logging.Logger;
import org.kernelforge.runs.Language;
import org.kernelforge.runs.LiveSession;
import org.kernelforge.runs.SessionEnd;
import org.kernelforge.runs.SessionListener;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One user's live kernel as the Jupyter API shows it: its state, its attached WebSockets, and the relay of messages
 * between them and the kernel's container.
 */
final class KernelSession implements SessionListener {

    private static final Logger LOG = Logger.getLogger(KernelSession.class);

    /** Who owns the session and what it runs: fixed when it starts. */
    record Facts(String id, long ownerId, String kernelRef, boolean internet, long memoryLimitBytes, Instant startedAt,
                 Instant expiresAt, Language language) {
    }

    private final Facts facts;
    private final Consumer<KernelSession> whenEnded;
    private final Set<AttachedClient> clients = new CopyOnWriteArraySet<>();
    private final AtomicReference<SessionEnd> end = new AtomicReference<>();
    /** Why the server stopped it (idle, lifetime, shut down), which says more than the engine's "stopped". */
    private volatile SessionEnd stoppedBecause;
    private volatile LiveSession live;
    private volatile String executionState = "starting";
    private volatile Instant lastActivity;
    private volatile Instant lastDetached;
    /** Whether the kernel has answered once: until then it is starting, never idle (a cold start can outlast the idle timeout). */
    private volatile boolean answered;
    private volatile long memoryBytes;

    KernelSession(Facts facts, Consumer<KernelSession> whenEnded) {
        this.facts = facts;
        this.whenEnded = whenEnded;
        this.lastActivity = facts.startedAt();
        this.lastDetached = facts.startedAt();
    }

    Facts facts() {
        return facts;
    }

    String id() {
        return facts.id();
    }

    void started(LiveSession session) {
        this.live = session;
    }

    // --- from the kernel (the engine's reader thread)

    @Override
    public void onMessage(String message) {
        lastActivity = Instant.now();
        JupyterMessages.FromKernel fields;
        try {
            fields = JupyterMessages.fromKernel(message);
        } catch (IllegalArgumentException e) {
            LOG.debugf("session %s: dropped a message from the kernel: %s", facts.id(), e.getMessage());
            return;
        }
        if (fields.executionState() != null) {
            executionState = fields.executionState();
        }
        boolean toAll = fields.isIopub() || clients.stream().noneMatch(c -> c.sentUnderAny(fields.parentSession()));
        for (AttachedClient client : clients) {
            if (toAll || client.sentUnderAny(fields.parentSession())) {
                client.send(message);
            }
        }
    }

    @Override
    public void onKernelState(String state) {
        lastActivity = Instant.now();
        if ("restarting".equals(state)) {
            executionState = "restarting";
            broadcast(JupyterMessages.status("restarting"));
        } else if ("ready".equals(state)) {
            // also at the first start: a session's idle time counts from when its kernel answers, however slow the start
            answered = true;
            executionState = "idle";
        }
    }

    @Override
    public void onEnded(SessionEnd engineEnd) {
        SessionEnd sessionEnd = stoppedBecause != null && "stopped".equals(engineEnd.reason()) ? stoppedBecause : engineEnd;
        if (!end.compareAndSet(null, sessionEnd)) {
            return;
        }
        executionState = "dead";
        broadcast(JupyterMessages.status("dead"));
        String reason = sessionEnd.detail() == null ? "The session ended" : sessionEnd.detail();
        clients.forEach(c -> c.close(reason));
        clients.clear();
        whenEnded.accept(this);
    }

    // --- from clients

    void attach(AttachedClient client) {
        clients.add(client);
        if (end.get() != null) {
            client.close(end.get().detail());
            clients.remove(client);
        }
    }

    void detach(AttachedClient client) {
        if (clients.remove(client)) {
            lastDetached = Instant.now();
        }
    }

    /** A client's message to the kernel; @throws IllegalArgumentException when it is not one */
    void fromClient(AttachedClient client, String message) {
        JupyterMessages.FromClient fields = JupyterMessages.fromClient(message);
        client.sentUnder(fields.session());
        lastActivity = Instant.now();
        live.send(message);
    }

    // --- control

    void interrupt() {
        live.interrupt();
    }

    void restart() {
        live.restart();
        executionState = "idle";
    }

    /** Stops the container and ends the session; idempotent. */
    void stop(SessionEnd why) {
        stoppedBecause = why;
        try {
            LiveSession session = live;
            if (session != null) {
                session.stop();
            }
        } finally {
            onEnded(why);
        }
    }

    void sampleMemory() {
        LiveSession session = live;
        if (session != null && end.get() == null) {
            memoryBytes = session.memoryBytes();
        }
    }

    // --- state

    boolean hasEnded() {
        return end.get() != null;
    }

    /** Why it ended, or null while it runs. */
    SessionEnd end() {
        return end.get();
    }

    /** Its kernel has answered; no client attached, no cell running, and nothing from the kernel or a client since {@code cutoff}. */
    boolean idleSince(Instant cutoff) {
        return answered && clients.isEmpty() && !"busy".equals(executionState)
                && lastActivity.isBefore(cutoff) && lastDetached.isBefore(cutoff);
    }

    String executionState() {
        return executionState;
    }

    Instant lastActivity() {
        return lastActivity;
    }

    int connections() {
        return clients.size();
    }

    long memoryBytes() {
        return memoryBytes;
    }

    private void broadcast(String message) {
        clients.forEach(c -> c.send(message));
    }
}
