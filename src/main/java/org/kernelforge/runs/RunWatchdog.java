package org.kernelforge.runs;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Enforces a run's limits from outside the container: the deadline, cancellation and (when the
 * directories are not capped by their own filesystem) their size. Stopping is docker stop: SIGTERM,
 * the grace period, then SIGKILL. The first reason wins.
 */
final class RunWatchdog implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RunWatchdog.class);
    static final long POLL_MILLIS = 250;

    /** A directory whose size is polled, and the failure message when it grows past its cap. */
    record SizeCap(Path dir, long maxBytes, String message) {
    }

    private record Reason(FailureKind kind, String message) {
    }

    private final DockerClient docker;
    private final String containerId;
    private final Duration grace;
    private final ScheduledExecutorService timer;
    private final AtomicReference<Reason> reason = new AtomicReference<>();
    private Runnable cancellationRegistration = () -> { };

    RunWatchdog(DockerClient docker, String containerId, Duration grace) {
        this.docker = docker;
        this.containerId = containerId;
        this.grace = grace;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "run-watchdog-" + FailureMessages.shortId(containerId));
            t.setDaemon(true);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // the deadline is moot on close
        this.timer = executor;
    }

    void watch(Instant deadline, String timeoutMessage, Cancellation cancellation, List<SizeCap> caps) {
        long delay = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
        timer.schedule(() -> stop(FailureKind.TIMEOUT, timeoutMessage), delay, TimeUnit.MILLISECONDS);
        for (SizeCap cap : caps) {
            timer.scheduleWithFixedDelay(() -> {
                if (OutputFiles.apparentBytes(cap.dir()) > cap.maxBytes()) {
                    stop(FailureKind.OUTPUT_TOO_LARGE, cap.message());
                }
            }, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
        }
        cancellationRegistration = cancellation.onCancel(() -> stop(FailureKind.CANCELLED, FailureMessages.cancelled()));
    }

    /** Why the watchdog stopped the run, if it did. */
    FailureKind reason() {
        Reason r = reason.get();
        return r == null ? null : r.kind();
    }

    String reasonMessage() {
        Reason r = reason.get();
        return r == null ? null : r.message();
    }

    void stop(FailureKind kind, String message) {
        if (!reason.compareAndSet(null, new Reason(kind, message))) {
            return;
        }
        LOG.infof("Stopping container %s: %s", FailureMessages.shortId(containerId), message);
        try {
            timer.execute(this::stopContainer);
        } catch (RuntimeException rejected) {
            stopContainer(); // the watchdog is closing: stop on the caller's thread
        }
    }

    private void stopContainer() {
        try {
            docker.stopContainerCmd(containerId).withTimeout((int) Math.max(1, grace.toSeconds())).exec();
        } catch (NotModifiedException | NotFoundException alreadyStopped) {
            LOG.debugf("container %s was already stopped", containerId);
        } catch (RuntimeException e) {
            LOG.warnf("docker stop of %s failed (%s); killing it", containerId, e.getMessage());
            try {
                docker.killContainerCmd(containerId).exec();
            } catch (RuntimeException ignored) {
                LOG.debugf("kill of %s failed: %s", containerId, ignored.getMessage());
            }
        }
    }

    /** Lets a stop that is under way finish (docker stop returns once the container is gone). */
    @Override
    public void close() {
        cancellationRegistration.run();
        timer.shutdown();
        try {
            if (!timer.awaitTermination(grace.toSeconds() + 10, TimeUnit.SECONDS)) {
                timer.shutdownNow();
            }
        } catch (InterruptedException e) {
            timer.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
