package org.kernelforge.runs;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Runs one kernel version in a fresh hardened container: create, start, stream logs, wait, classify,
 * and always remove the container. Knows nothing about kernels or the database.
 */
@ApplicationScoped
public class ContainerRunner {

    private static final Logger LOG = Logger.getLogger(ContainerRunner.class);

    private final DockerClient docker;
    private final ContainerSettings settings;
    private final RunContainers containers;
    private final InternetNetwork internet;
    private final RunLimitsPolicy policy;
    private final RunsConfig config;
    private final WarmContainers warmContainers;
    private final DockerEngineWatch engine;
    private final ExecutorService lookups = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "run-container-lookup");
        t.setDaemon(true);
        return t;
    });

    public ContainerRunner(DockerClient docker, ContainerSettings settings, RunContainers containers,
                           InternetNetwork internet, RunLimitsPolicy policy, RunsConfig config,
                           WarmContainers warmContainers, DockerEngineWatch engine) {
        this.warmContainers = warmContainers;
        this.engine = engine;
        this.docker = docker;
        this.settings = settings;
        this.containers = containers;
        this.internet = internet;
        this.policy = policy;
        this.config = config;
    }

    /** Runs {@code spec} to its end; blocks the calling thread. Never throws for a failed run. */
    public RunOutcome run(RunSpec spec, RunListener listener, Cancellation cancellation) {
        return run(spec, listener, cancellation, ContainerRemoval.BEFORE_RETURN);
    }

    /** As {@link #run(RunSpec, RunListener, Cancellation)}, removing the container as {@code removal} says. */
    public RunOutcome run(RunSpec spec, RunListener listener, Cancellation cancellation, ContainerRemoval removal) {
        RunSpec run = spec.withLimits(policy.enforce(spec.limits()));
        RunListener guarded = new GuardedListener(listener, spec.runId());
        String containerId = null;
        String digest = null;
        Instant started = null;
        try {
            if (cancellation.isCancelled()) {
                return RunOutcome.notRun(FailureKind.CANCELLED, FailureMessages.cancelled(), null, null);
            }
            checkHostDirectories(run);
            if (run.internet()) {
                internet.ensureAvailable();
            }
            containerId = create(run);
            if (cancellation.isCancelled()) {
                return RunOutcome.notRun(FailureKind.CANCELLED, FailureMessages.cancelled(), containerId, null);
            }
            start(run, containerId);
            Instant startedAround = Instant.now();
            started = startedAround;
            guarded.started(containerId, startedAround);
            // the engine's own start time and the image digest are looked up while the logs are followed
            String id = containerId;
            CompletableFuture<InspectContainerResponse> inspected = CompletableFuture.supplyAsync(
                    () -> docker.inspectContainerCmd(id).exec(), lookups);
            return supervise(run, containerId, startedAround, true,
                    () -> engineStart(inspected.join(), startedAround), () -> digestOfContainerImage(inspected.join()),
                    guarded, cancellation, 0);
        } catch (RuntimeException | InterruptedException e) {
            return platformFailure(e, containerId, digest, started != null, started);
        } finally {
            if (containerId != null && removal == ContainerRemoval.IN_BACKGROUND) {
                containers.removeInBackground(containerId);
            } else if (containerId != null) {
                removeQuietly(containerId);
            }
        }
    }

    /**
     * Runs {@code spec} in a warm container taken from {@link WarmContainers}: mounts the inputs into it and
     * hands it the command; the time limit and the log count from the hand-over. The container is removed in
     * the background afterwards. When the container no longer waits for a run, nothing has run and
     * {@link WarmContainerGone} is thrown: the caller runs the spec in a container of its own instead.
     */
    public RunOutcome handOver(RunSpec spec, WarmContainer warm, RunListener listener, Cancellation cancellation)
            throws WarmContainerGone {
        RunSpec run = spec.withLimits(policy.enforce(spec.limits()));
        if (!warm.shape().equals(WarmShape.of(run))) {
            throw new IllegalArgumentException("the run " + run.runId() + " does not have the warm container's shape");
        }
        RunListener guarded = new GuardedListener(listener, spec.runId());
        Instant handedOver = null;
        try {
            if (cancellation.isCancelled()) {
                return RunOutcome.notRun(FailureKind.CANCELLED, FailureMessages.cancelled(), warm.containerId(), warm.imageDigest());
            }
            checkHostDirectories(run);
            for (InputMount input : run.inputs()) {
                BindMounts.bindReadOnly(input.hostDir(), warm.stage(input.name()), warm.inputsDir().resolve(input.name()));
            }
            try {
                warmContainers.handOver(warm, run.command());
            } catch (IOException gone) {
                throw new WarmContainerGone(gone.getMessage(), gone);
            }
            // whole milliseconds: the instant is stored, and a restart must compute the same log offsets from it
            Instant startedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            handedOver = startedAt;
            guarded.started(warm.containerId(), startedAt);
            RunOutcome outcome = supervise(run, warm.containerId(), startedAt, true, () -> startedAt,
                    warm::imageDigest, guarded, cancellation, 0);
            return outcome.withStartedAt(startedAt);
        } catch (RuntimeException | InterruptedException | IOException e) {
            return platformFailure(e, warm.containerId(), warm.imageDigest(), handedOver != null, handedOver);
        } finally {
            containers.removeInBackground(warm.containerId());
        }
    }

    /**
     * After a server restart: follows a run's container that may still run, finishes one that has
     * exited, fails as platform one that is gone; removes it in every case. {@code spec} is the run's
     * original spec; log lines up to {@code logsAfterSeconds} (already stored) are not delivered again.
     */
    public RunOutcome reattach(RunSpec spec, String containerId, Instant runStartedAt, double logsAfterSeconds,
                               RunListener listener, Cancellation cancellation) {
        RunSpec run = spec.withLimits(policy.enforce(spec.limits()));
        String digest = null;
        try {
            InspectContainerResponse container = docker.inspectContainerCmd(containerId).exec();
            digest = digestOfContainerImage(container);
            if ("created".equals(container.getState().getStatus())) {
                start(run, containerId); // the server stopped between create and start
                container = docker.inspectContainerCmd(containerId).exec();
            }
            InspectContainerResponse.ContainerState state = container.getState();
            // a warm container started long before its run: its time limit and log count from the hand-over
            boolean warm = container.getConfig().getLabels() != null
                    && container.getConfig().getLabels().containsKey(WarmContainers.WARM_LABEL);
            Instant startedAt = warm && runStartedAt != null ? runStartedAt : engineStart(container, Instant.now());
            String found = digest;
            // the deadline counts from the engine's start: the time the server was down is not given again
            return supervise(run, containerId, startedAt, Boolean.TRUE.equals(state.getRunning()), () -> startedAt,
                    () -> found, new GuardedListener(listener, spec.runId()), cancellation, logsAfterSeconds);
        } catch (NotFoundException gone) {
            return RunOutcome.notRun(FailureKind.PLATFORM, FailureMessages.containerGone(containerId), containerId, digest);
        } catch (RuntimeException | InterruptedException e) {
            return platformFailure(e, containerId, digest, true, runStartedAt);
        } finally {
            removeQuietly(containerId);
        }
    }

    /**
     * Follows a started container to its end under the watchdog. {@code startedAt} is when the deadline
     * counts from; {@code logOrigin} (what log time offsets count from) and {@code digest} may block.
     */
    private RunOutcome supervise(RunSpec run, String containerId, Instant startedAt, boolean running,
                                 Supplier<Instant> logOrigin, Supplier<String> digest, RunListener listener,
                                 Cancellation cancellation, double logsAfterSeconds) throws InterruptedException {
        RunLimits limits = run.limits();
        try (RunWatchdog watchdog = new RunWatchdog(docker, containerId, limits.stopGrace())) {
            if (running) {
                watchdog.watch(startedAt.plus(limits.timeout()), FailureMessages.timeout(limits.timeout()),
                        cancellation, sizeCaps(run));
            }
            LogAssembler logs = new LogAssembler(logOrigin, limits.logMaxBytes(), logsAfterSeconds, listener);
            InspectContainerResponse.ContainerState end = new LogFollower(docker).follow(containerId, logs);
            if (watchdog.reason() == null && engine.stoppedIt(end)) {
                throw new PlatformFailure(FailureMessages.engineStopped());
            }
            return OutcomeClassifier.classify(end, watchdog, run, config.platformMax().asLongValue(), containerId,
                    digest.get());
        }
    }

    private static Instant engineStart(InspectContainerResponse container, Instant otherwise) {
        Instant startedAt = OutcomeClassifier.instant(container.getState().getStartedAt());
        return startedAt == null ? otherwise : startedAt;
    }

    /** Directories not capped by their own filesystem are polled by the watchdog. */
    private List<RunWatchdog.SizeCap> sizeCaps(RunSpec run) {
        List<RunWatchdog.SizeCap> caps = new ArrayList<>();
        if (!LoopFilesystem.isMountPoint(run.workingDir())) {
            caps.add(new RunWatchdog.SizeCap(run.workingDir(), run.limits().outputMaxBytes(),
                    FailureMessages.outputTooLarge(run.limits().outputMaxBytes())));
        }
        long platformMax = config.platformMax().asLongValue();
        if (!LoopFilesystem.isMountPoint(run.metaDir())) {
            caps.add(new RunWatchdog.SizeCap(run.metaDir(), platformMax, FailureMessages.platformFilesTooLarge(platformMax)));
        }
        return caps;
    }

    private String digestOfContainerImage(InspectContainerResponse container) {
        return containers.digestOfImage(container.getImageId());
    }

    private static void checkHostDirectories(RunSpec run) {
        List<Path> dirs = new ArrayList<>(List.of(run.workingDir(), run.metaDir()));
        run.inputs().forEach(input -> dirs.add(input.hostDir()));
        if (run.sourceDir() != null) {
            dirs.add(run.sourceDir());
        }
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                throw new PlatformFailure("The run's host directory " + dir + " does not exist");
            }
        }
    }

    private String create(RunSpec run) {
        try {
            return settings.apply(docker.createContainerCmd(run.image()), run).exec().getId();
        } catch (NotFoundException missing) {
            if (!imageExists(run.image())) {
                throw PlatformFailure.imageMissing(run.image(), "the Docker engine", missing);
            }
            throw new PlatformFailure("The run's container could not be created: " + missing.getMessage(), missing);
        } catch (ConflictException exists) {
            throw new PlatformFailure("A container named " + run.containerName() + " already exists on the engine", exists);
        } catch (RuntimeException e) {
            if (causedByIo(e)) {
                throw e; // the engine out of reach: nothing to clean up, and nothing of its address for users
            }
            // the engine may have created it before failing: remove what carries this run's label
            try {
                containers.findByRunId(run.runId()).ifPresent(c -> containers.remove(c.containerId()));
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new PlatformFailure("The run's container could not be created: " + e.getMessage(), e);
        }
    }

    private boolean imageExists(String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException gone) {
            return false;
        }
    }

    private void start(RunSpec run, String containerId) {
        try {
            docker.startContainerCmd(containerId).exec();
        } catch (RuntimeException e) {
            if (causedByIo(e)) {
                throw e;
            }
            String detail = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (run.gpu() && (detail.contains("device driver") || detail.contains("gpu") || detail.contains("nvidia"))) {
                throw new PlatformFailure(FailureMessages.NO_GPU, e);
            }
            throw new PlatformFailure("The run's container could not be started: " + e.getMessage(), e);
        }
    }

    /** {@code started}: whether the run had started; {@code startedAt}: when, where known. */
    private RunOutcome platformFailure(Exception e, String containerId, String digest, boolean started, Instant startedAt) {
        String message;
        if (e instanceof PlatformFailure) {
            message = e.getMessage();
        } else if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            message = "The server stopped while the run was in progress";
        } else if (causedByIo(e)) {
            // the engine's address and the client's exception say nothing a user can act on; the log keeps them
            engine.outageSeen();
            message = started ? FailureMessages.engineStopped() : FailureMessages.engineUnreachable();
        } else {
            message = "The Docker engine failed while running the kernel: " + e.getMessage();
        }
        if (!(e instanceof PlatformFailure)) {
            LOG.warnf(e, "Run in container %s failed on the platform", containerId);
        }
        FailureKind kind = e instanceof PlatformFailure failure ? failure.kind() : FailureKind.PLATFORM;
        RunOutcome outcome = RunOutcome.notRun(kind, message, containerId, digest);
        return startedAt == null ? outcome : outcome.withStartedAt(startedAt); // the version keeps when it really started
    }

    private static boolean causedByIo(Throwable e) {
        return FailureMessages.causedByIo(e);
    }

    private void removeQuietly(String containerId) {
        containers.removeOrRetryLater(containerId);
    }
}
