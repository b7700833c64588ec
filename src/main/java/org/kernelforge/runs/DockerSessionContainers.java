package org.kernelforge.runs;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.kernelforge.platform.Installation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Pattern;

/**
 * Sessions on the Docker engine: each a container with a run's hardening (ContainerSettings) whose command is the
 * relay ({@code session_relay.py}), which starts the kernel inside and talks to the server over the container's
 * attached stdin/stdout; the container has no network (unless internet), so nothing else reaches the kernel.
 */
@ApplicationScoped
public class DockerSessionContainers implements SessionContainers {

    private static final Logger LOG = Logger.getLogger(DockerSessionContainers.class);
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

    private final DockerClient docker;
    private final ContainerSettings settings;
    private final RunContainers containers;
    private final InternetNetwork internet;
    private final DockerEngineWatch engine;
    private final SessionWarmPool warm;
    private final boolean learnShape;
    /** Whether {@link #keepReady} chose the shape; else the shape of the last session started is kept ready. */
    private volatile boolean explicitShape;
    private final Set<DockerLiveSession> live = ConcurrentHashMap.newKeySet();
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "session-end");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "session-lifetime");
        t.setDaemon(true);
        return t;
    });

    @Inject
    public DockerSessionContainers(DockerClient docker, ContainerSettings settings, RunContainers containers,
                                   InternetNetwork internet, WorkingDirectories directories, RunsConfig config,
                                   DockerEngineWatch engine) {
        this(docker, settings, containers, internet, directories, config, engine, config.sessionWarmContainers());
    }

    /** With {@code warmContainers} containers of the last session's shape kept ready (0: none). */
    DockerSessionContainers(DockerClient docker, ContainerSettings settings, RunContainers containers,
                            InternetNetwork internet, WorkingDirectories directories, RunsConfig config,
                            DockerEngineWatch engine, int warmContainers) {
        this.docker = docker;
        this.engine = engine;
        this.settings = settings;
        this.containers = containers;
        this.internet = internet;
        this.warm = new SessionWarmPool(docker, settings, directories, containers,
                Path.of(config.stateDir()).resolve("session-slots"), warmContainers);
        this.learnShape = warmContainers > 0;
    }

    @Override
    public void keepReady(SessionShape shape) {
        explicitShape = true;
        warm.keepReady(shape);
    }

    @Override
    public LiveSession start(SessionSpec spec, SessionListener listener) {
        if (!SESSION_ID.matcher(spec.sessionId()).matches()) {
            throw new IllegalArgumentException("sessionId must match " + SESSION_ID + ": " + spec.sessionId());
        }
        if (spec.internet()) {
            try {
                internet.ensureAvailable();
            } catch (PlatformFailure e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        SessionShape shape = SessionShape.of(spec);
        if (shape != null) {
            Optional<SessionWarmPool.Slot> slot = warm.take(shape);
            if (slot.isPresent()) {
                Optional<LiveSession> session = handOver(slot.get(), spec, listener);
                if (session.isPresent()) {
                    return session.get();
                }
            } else if (learnShape && !explicitShape) {
                warm.keepReady(shape); // the next session of this shape finds one ready
            }
        }
        return startCold(spec, listener);
    }

    /** The session in a container made ahead of time; empty (the slot released) when that container failed. */
    private Optional<LiveSession> handOver(SessionWarmPool.Slot slot, SessionSpec spec, SessionListener listener) {
        DockerLiveSession session = new DockerLiveSession(spec.sessionId(), slot.containerId(), docker, containers,
                engine, listener, spec.limits().memoryBytes(), ended -> {
                    live.remove(ended);
                    warm.releaseFolder(slot);
                }, background);
        try {
            warm.mount(slot, spec);
            session.attach();
            session.activate();
        } catch (IOException | RuntimeException e) {
            LOG.warnf("A warm session container could not take session %s (%s); it starts a container of its own",
                    spec.sessionId(), e.getMessage());
            warm.release(slot);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            warm.release(slot);
            throw new IllegalStateException("Interrupted while starting the session", e);
        }
        live.add(session);
        session.endAfter(spec.limits().timeout(), timers);
        return Optional.of(session);
    }

    private LiveSession startCold(SessionSpec spec, SessionListener listener) {
        String containerId = null;
        try {
            containerId = settings.applySession(docker.createContainerCmd(spec.image()), spec, containerName(spec))
                    .exec().getId();
            DockerLiveSession session = new DockerLiveSession(spec.sessionId(), containerId, docker, containers, engine, listener,
                    spec.limits().memoryBytes(), live::remove, background);
            session.attach();
            docker.startContainerCmd(containerId).exec();
            live.add(session);
            session.endAfter(spec.limits().timeout(), timers);
            return session;
        } catch (NotFoundException e) {
            removeQuietly(containerId);
            throw new IllegalStateException("The runtime image " + spec.image() + " is not on the Docker engine", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            removeQuietly(containerId);
            throw new IllegalStateException("Interrupted while starting the session", e);
        } catch (RuntimeException e) {
            removeQuietly(containerId);
            throw new IllegalStateException("The Docker engine could not start the session: " + e.getMessage(), e);
        }
    }

    @Override
    public int removeAll(Map<String, String> labels) {
        List<String> filter = new ArrayList<>();
        filter.add(ContainerSettings.SESSION_LABEL);
        labels.forEach((name, value) -> filter.add(name + "=" + value));
        List<Container> found = docker.listContainersCmd().withShowAll(true).withLabelFilter(filter).exec();
        for (Container container : found) {
            containers.remove(container.getId());
        }
        return found.size();
    }

    /** The engine stopped the ready containers when it went down (the live sessions ended with their streams). */
    void onEngineReturned(@jakarta.enterprise.event.Observes EngineReturned returned) {
        warm.replaceAll();
    }

    /** The sessions of this server that still run (for tests and benchmarks). */
    int liveCount() {
        return live.size();
    }

    /** Containers ready for the next session (for tests and benchmarks). */
    int warmCount() {
        return warm.readyCount();
    }

    /** Containers ready for the next session of {@code shape} (for tests and benchmarks). */
    int warmCount(SessionShape shape) {
        return warm.readyCount(shape);
    }

    /** No session outlives the server: each container is removed, and each listener hears it. */
    @PreDestroy
    void stopAll() {
        for (DockerLiveSession session : List.copyOf(live)) {
            session.end(new SessionEnd("stopped", "The server stopped."));
        }
        warm.close();
        timers.shutdownNow();
        background.shutdown();
    }

    /** Named after the session, and the installation when labelled with one (servers may share an engine). */
    private static String containerName(SessionSpec spec) {
        return containerName(spec.sessionId(), spec.labels());
    }

    static String containerName(String id, Map<String, String> labels) {
        String installation = labels.getOrDefault(Installation.LABEL, "").replaceAll("[^A-Za-z0-9]", "");
        return "kernelforge-session-" + id
                + (installation.isEmpty() ? "" : "-" + installation.substring(0, Math.min(12, installation.length())));
    }

    private void removeQuietly(String containerId) {
        if (containerId == null) {
            return;
        }
        try {
            containers.remove(containerId);
        } catch (RuntimeException e) {
            LOG.warnf("Could not remove the container %s of a session that failed to start: %s", containerId, e.getMessage());
        }
    }
}
