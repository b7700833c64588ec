package org.kernelforge.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One session's container, reached through the relay on its attached stdin/stdout ({@code session_relay.py}):
 * client messages are queued to the relay's stdin, every line the relay writes is a kernel message for the listener
 * or one of the relay's own notes ({@code {"kf": ...}}: ready, restarting, memory, dead, failed).
 */
final class DockerLiveSession implements LiveSession {

    private static final Logger LOG = Logger.getLogger(DockerLiveSession.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RESTART_TIMEOUT = Duration.ofMinutes(2);

    private final String sessionId;
    private final String containerId;
    private final DockerClient docker;
    private final RunContainers containers;
    private final DockerEngineWatch engine;
    private final SessionListener listener;
    private final long memoryLimit;
    private final Consumer<DockerLiveSession> onRemoved;
    private final Executor background;
    private final RelayInput input = new RelayInput();
    private final RelayOutput output;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean listenerWarned = new AtomicBoolean();
    private final KernelRestarts kernel = new KernelRestarts();
    private volatile long memoryBytes;
    private volatile double relayStartSeconds = Double.NaN;
    private volatile ScheduledFuture<?> lifetime;
    /** Why the kernel could not start, as the relay said it before it exited (say, the image has no IRkernel). */
    private volatile SessionEnd relayFailure;

    DockerLiveSession(String sessionId, String containerId, DockerClient docker, RunContainers containers,
                      DockerEngineWatch engine, SessionListener listener, long memoryLimit,
                      Consumer<DockerLiveSession> onRemoved, Executor background) {
        this.engine = engine;
        this.background = background;
        this.sessionId = sessionId;
        this.containerId = containerId;
        this.docker = docker;
        this.containers = containers;
        this.listener = listener;
        this.memoryLimit = memoryLimit;
        this.onRemoved = onRemoved;
        this.output = new RelayOutput(sessionId, this::fromRelay, this::streamEnded);
    }

    /** Attaches to the container's stdio; returns once the engine streams (before a new container starts). */
    void attach() throws InterruptedException {
        docker.attachContainerCmd(containerId)
                .withStdIn(input)
                .withStdOut(true)
                .withStdErr(true)
                .withFollowStream(true)
                .withLogs(false)
                .exec(output);
        if (!output.awaitStarted(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("The Docker engine did not attach to the session's container in 30 s");
        }
    }

    /** Tells the relay of a warm container that the server is attached and the session's folders are mounted. */
    void activate() {
        input.offer("{\"kf\":\"activate\"}");
    }

    /** Ends the session with {@code timeout} once it has lived {@code longest}. */
    void endAfter(Duration longest, java.util.concurrent.ScheduledExecutorService timers) {
        lifetime = timers.schedule(() -> end(new SessionEnd("timeout",
                "The session reached its longest lifetime (" + readable(longest) + ") and was ended.")),
                longest.toMillis(), TimeUnit.MILLISECONDS);
    }

    String containerId() {
        return containerId;
    }

    boolean isReady() {
        return kernel.isReady();
    }

    /** Seconds from the relay's start to its kernel's first answer, as the relay reported it (for benchmarks). */
    double relayStartSeconds() {
        return relayStartSeconds;
    }

    @Override
    public String sessionId() {
        return sessionId;
    }

    @Override
    public void send(String message) {
        if (ended.get()) {
            LOG.debugf("session %s has ended; a message to it is dropped", sessionId);
            return;
        }
        input.offer(message);
    }

    @Override
    public void interrupt() {
        input.offer("{\"kf\":\"interrupt\"}");
    }

    @Override
    public void restart() {
        long mark = kernel.mark();
        input.offer("{\"kf\":\"restart\"}");
        kernel.awaitRestartAfter(mark, RESTART_TIMEOUT);
    }

    @Override
    public long memoryBytes() {
        return memoryBytes;
    }

    @Override
    public void stop() {
        end(new SessionEnd("stopped", "The session was stopped."));
    }

    private void fromRelay(String line) {
        if (line.startsWith("{\"kf\"")) {
            relayNote(line);
            return;
        }
        try {
            listener.onMessage(line);
        } catch (RuntimeException e) {
            warn(e);
        }
    }

    private void relayNote(String line) {
        JsonNode note;
        try {
            note = JSON.readTree(line);
        } catch (IOException e) {
            LOG.warnf("session %s: the relay wrote an unreadable line", sessionId);
            return;
        }
        switch (note.path("kf").asText()) {
            case "memory" -> memoryBytes = note.path("bytes").asLong();
            case "ready" -> {
                if (note.has("seconds") && Double.isNaN(relayStartSeconds)) {
                    relayStartSeconds = note.path("seconds").asDouble();
                }
                // before restart() returns: the listener knows the kernel is ready then
                kernelState("ready");
                kernel.ready();
            }
            case "restarting" -> {
                kernel.restarting();
                kernelState("restarting");
            }
            case "dead" -> LOG.infof("session %s: the kernel died", sessionId);
            case "failed" -> {
                // the relay exits next: its reason, not the bare exit code, is how the session ended
                relayFailure = new SessionEnd("exited", note.path("detail").asText("The kernel could not start."));
                LOG.infof("session %s: the kernel could not start: %s", sessionId, relayFailure.detail());
            }
            default -> LOG.debugf("session %s: relay note %s", sessionId, line);
        }
    }

    private void kernelState(String state) {
        try {
            listener.onKernelState(state);
        } catch (RuntimeException e) {
            warn(e);
        }
    }

    /**
     * The attach stream ended: the container stopped (unless the session was ended here first). Handled on a thread
     * of the server's: the engine client's stream thread is interrupted as the stream closes.
     */
    private void streamEnded(Throwable failure) {
        if (!ended.get()) {
            background.execute(() -> containerEnded(failure));
        }
    }

    private void containerEnded(Throwable failure) {
        if (ended.get()) {
            return;
        }
        if (failure != null) {
            LOG.infof("the attach stream of session %s failed: %s", sessionId, failure.getMessage());
            end(FailureMessages.causedByIo(failure) ? engineStopped()
                    : new SessionEnd("platform", "The connection to the session's container failed."));
            return;
        }
        SessionEnd failed = relayFailure;
        end(failed != null ? failed : new ContainerExit(docker, engine).of(containerId, memoryLimit));
    }

    /** Ends the session once: the container is removed, then the listener hears why. */
    void end(SessionEnd end) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> timer = lifetime;
        if (timer != null) {
            timer.cancel(false);
        }
        input.close();
        try {
            containers.remove(containerId);
        } catch (ConflictException beingRemoved) {
            LOG.debugf("the container of session %s is being removed already", sessionId);
        } catch (RuntimeException e) {
            containers.removeOrRetryLater(containerId); // the engine out of reach: removed when it answers again
        }
        try {
            output.close();
        } catch (IOException | RuntimeException e) {
            LOG.debugf("closing the attach stream of session %s: %s", sessionId, e.getMessage());
        }
        kernel.ended();
        onRemoved.accept(this);
        try {
            listener.onEnded(end);
        } catch (RuntimeException e) {
            warn(e);
        }
    }

    /** Without live restore the engine stops every container when it goes down: the kernel's state is lost. */
    static SessionEnd engineStopped() {
        return new SessionEnd("platform", "The Docker engine stopped (it restarted or crashed), which ended the session; "
                + "start it again.");
    }

    private void warn(RuntimeException e) {
        if (listenerWarned.compareAndSet(false, true)) {
            LOG.warnf(e, "The listener of session %s failed; the session goes on (further listener errors are not logged)",
                    sessionId);
        }
    }

    static String readable(Duration d) {
        return d.toHours() > 0 ? d.toHours() + " h" + (d.toMinutesPart() > 0 ? " " + d.toMinutesPart() + " min" : "")
                : d.toMinutes() > 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }
}
