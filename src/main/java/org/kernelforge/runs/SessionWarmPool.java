package org.kernelforge.runs;

import com.github.dockerjava.api.DockerClient;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Session containers started ahead of time, each with its kernel already running and its relay waiting for the
 * server ({@code session_relay.py --warm}): a session of the same {@link SessionShape} then only has its inputs and
 * working folder bind-mounted into the container's shared folders (they reach it by slave propagation, as for
 * {@link WarmContainers}) and is attached. Each container serves one session and is removed after it.
 *
 * <p>Needs root on the engine's host (bind mounts); where that fails the pool stays empty for a minute, and sessions
 * meanwhile start containers of their own.
 */
final class SessionWarmPool {

    private static final Logger LOG = Logger.getLogger(SessionWarmPool.class);
    /** Carried (beside {@link ContainerSettings#SESSION_LABEL}, whose value is the slot's name) by warm session containers. */
    static final String WARM_LABEL = "org.kernelforge.session.warm";
    private static final String SLOT_PREFIX = "slot-";
    private static final long RETRY_PAUSE_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** A ready container and its host folder: {@code inputs} and {@code work} are shared, mounted into it. */
    record Slot(String containerId, String name, SessionShape shape, Path root) {
        Path inputs() {
            return root.resolve("inputs");
        }

        Path work() {
            return root.resolve("work");
        }

        Path stage(String inputName) {
            return root.resolve("stage").resolve(inputName);
        }
    }

    private final DockerClient docker;
    private final ContainerSettings settings;
    private final WarmSlots slots;
    private final Path parent;
    private final int size;
    private final ConcurrentLinkedDeque<Slot> ready = new ConcurrentLinkedDeque<>();
    private final ExecutorService filler = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "session-warm-containers");
        t.setDaemon(true);
        return t;
    });
    private volatile SessionShape target;
    private volatile long retryAfter = System.nanoTime();
    private volatile boolean closed;
    private volatile boolean leftoversRemoved;

    SessionWarmPool(DockerClient docker, ContainerSettings settings, WorkingDirectories directories,
                    RunContainers containers, Path parent, int size) {
        this.docker = docker;
        this.settings = settings;
        this.slots = new WarmSlots(SLOT_PREFIX, "warm session container", directories, containers);
        this.parent = parent.toAbsolutePath().normalize();
        this.size = size;
    }

    /** Keeps {@code shape} ready from now on; containers of another shape already ready are removed. */
    void keepReady(SessionShape shape) {
        if (size <= 0 || shape == null || shape.equals(target)) {
            return;
        }
        target = shape;
        filler.execute(() -> {
            for (Slot slot : List.copyOf(ready)) {
                if (!slot.shape().equals(target) && ready.remove(slot)) {
                    release(slot);
                }
            }
        });
        refill();
    }

    /** A ready container that serves {@code shape} ({@link SessionShape#serves}), never given out twice. */
    Optional<Slot> take(SessionShape shape) {
        for (Slot slot : ready) {
            if (slot.shape().serves(shape) && ready.remove(slot)) {
                refill();
                return Optional.of(slot);
            }
        }
        return Optional.empty();
    }

    /**
     * Mounts the session's inputs (read-only) and working folder into the slot's shared folders, from where they
     * reach the running container.
     */
    void mount(Slot slot, SessionSpec spec) throws IOException {
        for (InputMount input : spec.inputs()) {
            BindMounts.bindReadOnly(input.hostDir(), slot.stage(input.name()), slot.inputs().resolve(input.name()));
        }
        LoopFilesystem.exec(List.of("mount", "--bind", spec.workingDir().toAbsolutePath().toString(), slot.work().toString()));
    }

    /** Removes the slot's container and then its folder, with what was mounted in it (never the session's files). */
    void release(Slot slot) {
        slots.remove(slot.containerId(), slot.root());
    }

    /** Unmounts everything under the slot's folder and deletes it; its container is gone already. */
    void releaseFolder(Slot slot) {
        slots.removeFolder(slot.root());
    }

    /** The engine stopped the ready containers when it went down: replaces them (see {@link EngineReturned}). */
    void replaceAll() {
        for (Slot dead; (dead = ready.poll()) != null; ) {
            Slot slot = dead;
            filler.execute(() -> release(slot));
        }
        retryAfter = System.nanoTime();
        refill();
    }

    int readyCount() {
        return ready.size();
    }

    /** Ready containers that serve {@code shape}. */
    int readyCount(SessionShape shape) {
        return (int) ready.stream().filter(slot -> slot.shape().serves(shape)).count();
    }

    private void refill() {
        if (target != null && !closed && System.nanoTime() - retryAfter >= 0) {
            filler.execute(this::fill);
        }
    }

    private void fill() {
        if (!leftoversRemoved) {
            leftoversRemoved = true;
            slots.removeLeftovers(parent); // their containers are removed by label (removeAll)
        }
        while (!closed && target != null && ready.stream().filter(s -> s.shape().equals(target)).count() < size
                && System.nanoTime() - retryAfter >= 0) {
            try {
                ready.add(create(target));
            } catch (IOException | RuntimeException e) {
                retryAfter = System.nanoTime() + RETRY_PAUSE_NANOS;
                LOG.warnf("Could not prepare a warm session container (%s); sessions start their own container, and it "
                        + "is tried again in a minute", e.getMessage());
                return;
            }
        }
    }

    private Slot create(SessionShape shape) throws IOException {
        Path root = slots.newRoot(parent);
        String name = root.getFileName().toString();
        Slot slot = new Slot(null, name, shape, root);
        String containerId = null;
        try {
            Files.createDirectories(slot.inputs());
            Files.createDirectories(slot.work());
            Files.setPosixFilePermissions(slot.work(), PosixFilePermissions.fromString("rwxr-xr-x"));
            BindMounts.shareSelf(slot.inputs());
            BindMounts.shareSelf(slot.work());
            Map<String, String> labels = new HashMap<>(shape.labels());
            labels.put(WARM_LABEL, "true");
            RunLimits limits = new RunLimits(shape.memoryBytes(), shape.cpus(), shape.pids(), shape.shmBytes(),
                    shape.scratchBytes(), Duration.ofDays(1), Duration.ZERO, 1, 1);
            SessionSpec spec = new SessionSpec(name, shape.image(), shape.env(), List.of(), slot.work(), limits, false, labels,
                    shape.language());
            containerId = settings.applyWarmSession(docker.createContainerCmd(shape.image()), spec, slot.inputs(),
                    DockerSessionContainers.containerName(name, shape.labels())).exec().getId();
            docker.startContainerCmd(containerId).exec();
            return new Slot(containerId, name, shape, root);
        } catch (IOException | RuntimeException e) {
            slots.removeHalfMade(containerId, root, e);
            throw e;
        }
    }

    void close() {
        closed = true;
        filler.shutdown();
        try {
            filler.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Slot slot; (slot = ready.poll()) != null; ) {
            release(slot);
        }
    }
}
