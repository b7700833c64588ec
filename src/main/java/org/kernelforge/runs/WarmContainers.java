package org.kernelforge.runs;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Containers created and started ahead of time, so a run does not wait for the engine to set one up (most of
 * a short run's time). Each is a fresh container with the full hardening of a run, whose command is a shell
 * blocked on a pipe: the run's inputs are bind-mounted into it, its source written, and its command written
 * to the pipe, which the shell then executes in place. A container serves exactly one run and is removed
 * after it, like any other; only runs of the {@link WarmShape} the pool keeps ready use one.
 *
 * <p>Needs root on the engine's host (bind mounts with shared propagation); where that fails the pool stays
 * empty, tries again a minute later, and meanwhile every run creates its own container.
 */
@ApplicationScoped
public class WarmContainers {

    public static final String WARM_LABEL = "org.kernelforge.warm";
    /** Reads the command from the pipe named by $0, one argument per line up to an empty line, and becomes it. */
    static final String LAUNCHER = "while IFS= read -r arg && [ -n \"$arg\" ]; do set -- \"$@\" \"$arg\"; done < \"$0\"; "
            + "[ $# -gt 0 ] || exit 70; exec \"$@\"";
    private static final String SLOT_PREFIX = "warm-";
    private static final long RETRY_PAUSE_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final Logger LOG = Logger.getLogger(WarmContainers.class);

    private final DockerClient docker;
    private final ContainerSettings settings;
    private final WorkingDirectories directories;
    private final RunContainers containers;
    private final RunsConfig config;
    private final WarmSlots slots;
    private final ConcurrentLinkedDeque<WarmContainer> ready = new ConcurrentLinkedDeque<>();
    /** After a failure to make one, no new attempt before this (System.nanoTime). */
    private volatile long retryAfter = System.nanoTime();
    private final AtomicBoolean failing = new AtomicBoolean();
    private final ExecutorService filler = Executors.newSingleThreadExecutor(daemon("run-warm-containers"));
    private final ExecutorService pipes = Executors.newCachedThreadPool(daemon("run-hand-over"));
    private volatile Target target;
    private volatile boolean closed;

    private record Target(WarmShape shape, Path parent, Map<String, String> labels) {
    }

    public WarmContainers(DockerClient docker, ContainerSettings settings, WorkingDirectories directories,
                          RunContainers containers, RunsConfig config) {
        this.docker = docker;
        this.settings = settings;
        this.directories = directories;
        this.containers = containers;
        this.config = config;
        this.slots = new WarmSlots(SLOT_PREFIX, "warm container", directories, containers);
    }

    /**
     * Keeps the configured number of containers of {@code shape} ready, their folders under {@code parent}
     * (on the filesystem of the runs' folders, which they are renamed into), labelled {@code labels}. Folders
     * an earlier server left there are removed first; its containers are the caller's to remove.
     */
    public void keepReady(WarmShape shape, Path parent, Map<String, String> labels) {
        if (config.warmContainers() <= 0) {
            return;
        }
        target = new Target(shape, parent.toAbsolutePath().normalize(), Map.copyOf(labels));
        filler.execute(() -> slots.removeLeftovers(target.parent()));
        refill();
    }

    /** A ready container of {@code shape} made from the image with id {@code imageId}, never given out twice. */
    public Optional<WarmContainer> take(WarmShape shape, String imageId) {
        for (WarmContainer warm : ready) {
            if (warm.shape().equals(shape) && warm.imageId().equals(imageId) && ready.remove(warm)) {
                refill();
                return Optional.of(warm);
            }
        }
        refill();
        return Optional.empty();
    }

    /**
     * Makes {@code warm} run {@code command}: the container executes it in place of its waiting shell.
     * Fails, with nothing started, when the container no longer waits (it was stopped or removed).
     */
    void handOver(WarmContainer warm, List<String> command) throws IOException {
        StringBuilder message = new StringBuilder();
        for (String arg : command) {
            if (arg.isEmpty() || arg.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("a warm container's command arguments are non-empty single lines: " + command);
            }
            message.append(arg).append('\n');
        }
        message.append('\n');
        Future<FileChannel> opening = pipes.submit(() -> FileChannel.open(warm.pipe(), StandardOpenOption.WRITE));
        FileChannel pipe;
        try {
            pipe = opening.get(5, TimeUnit.SECONDS);
        } catch (TimeoutException nobodyReads) {
            // the open waits for a reader; being that reader ends the wait, then both ends are closed
            try (FileChannel ignored = FileChannel.open(warm.pipe(), StandardOpenOption.READ)) {
                closeQuietly(opening);
            }
            throw new IOException("The warm container " + warm.containerId() + " no longer waits for a run");
        } catch (ExecutionException e) {
            throw new IOException("Could not open the hand-over pipe of " + warm.containerId(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(opening);
            throw new IOException("interrupted while handing over to " + warm.containerId(), e);
        }
        try (pipe) {
            // both ends are open: the name can go before the kernel exists, which would block reading it
            Files.delete(warm.pipe());
            pipe.write(ByteBuffer.wrap(message.toString().getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** Removes a container that will not be used after all, with its folder. */
    public void discard(WarmContainer warm) {
        containers.removeInBackground(warm.containerId());
        slots.removeFolder(warm.root());
    }

    /**
     * The engine stopped the ready containers when it went down: they are replaced now rather than found dead by
     * the runs that take them, and without the minute's pause that its outage set.
     */
    void onEngineReturned(@Observes EngineReturned returned) {
        for (WarmContainer dead; (dead = ready.poll()) != null; ) {
            discard(dead);
        }
        retryAfter = System.nanoTime();
        refill();
    }

    /** How many are ready now (for tests and benchmarks). */
    public int readyCount() {
        return ready.size();
    }

    private void refill() {
        if (target != null && !closed && System.nanoTime() - retryAfter >= 0) {
            filler.execute(this::fill);
        }
    }

    private void fill() {
        Target t = target;
        while (!closed && ready.size() < config.warmContainers() && System.nanoTime() - retryAfter >= 0) {
            try {
                ready.add(create(t));
                if (failing.compareAndSet(true, false)) {
                    LOG.info("Warm containers are available again");
                }
            } catch (IOException | RuntimeException e) {
                retryAfter = System.nanoTime() + RETRY_PAUSE_NANOS;
                if (failing.compareAndSet(false, true)) {
                    LOG.warnf("Could not prepare a warm container (%s); runs create their own container, and it is "
                            + "tried again in a minute", e.getMessage());
                }
                return;
            }
        }
    }

    private WarmContainer create(Target t) throws IOException {
        Path root = slots.newRoot(t.parent());
        String name = root.getFileName().toString();
        String containerId = null;
        try {
            Path inputs = Files.createDirectories(root.resolve("inputs"));
            Files.createDirectories(root.resolve("src"));
            Path control = Files.createDirectories(root.resolve("control"));
            BindMounts.shareSelf(inputs);
            LoopFilesystem.exec(List.of("mkfifo", "-m", "0644", control.resolve(WarmContainer.PIPE).toString()));
            Files.setPosixFilePermissions(control, PosixFilePermissions.fromString("r-xr-xr-x"));
            RunDirectories dirs = directories.create(root.resolve("dirs"), t.shape().outputMaxBytes());
            Map<String, String> labels = new HashMap<>(t.labels());
            labels.put(WARM_LABEL, name);
            RunSpec spec = new RunSpec(name, t.shape().image(), List.of("/bin/sh", "-c", LAUNCHER,
                    WarmContainer.CONTROL + "/" + WarmContainer.PIPE), t.shape().env(), List.of(), root.resolve("src"),
                    dirs.working(), dirs.platform(), limits(t.shape()), false, false, labels);
            containerId = settings.applyWarm(docker.createContainerCmd(spec.image()), spec, inputs, control).exec().getId();
            docker.startContainerCmd(containerId).exec();
            InspectContainerResponse container = docker.inspectContainerCmd(containerId).exec();
            String imageId = container.getImageId();
            return new WarmContainer(containerId, imageId, containers.digestOfImage(imageId), t.shape(), root,
                    dirs.filesystemBounded());
        } catch (IOException | RuntimeException e) {
            slots.removeHalfMade(containerId, root, e);
            throw e;
        }
    }

    private RunLimits limits(WarmShape shape) {
        RunsConfig.Limits defaults = config.limits();
        return new RunLimits(shape.memoryBytes(), shape.cpus(), shape.pids(), shape.shmBytes(), shape.scratchBytes(),
                defaults.timeout(), defaults.stopGrace(), shape.outputMaxBytes(), shape.logMaxBytes());
    }

    @PreDestroy
    void close() {
        closed = true;
        filler.shutdown();
        try {
            filler.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (WarmContainer warm; (warm = ready.poll()) != null; ) {
            slots.remove(warm.containerId(), warm.root());
        }
        pipes.shutdownNow();
    }

    private static void closeQuietly(Future<FileChannel> opening) {
        try {
            opening.get(1, TimeUnit.SECONDS).close();
        } catch (Exception ignored) {
            // nothing was opened, or it is closed already
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
