package org.kernelforge.runs;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.LogContainerCmd;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.Frame;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Follows a container's stdout and stderr with timestamps until the container has stopped. A
 * stream that breaks while the container still runs (e.g. the HTTP client's read timeout on a
 * quiet kernel) is re-opened where it left off.
 */
final class LogFollower {

    private static final Logger LOG = Logger.getLogger(LogFollower.class);
    private static final long STOP_WAIT_MILLIS = 250;
    /** How often a follow stream that has not ended is checked against the container's state. */
    private static final long STREAM_CHECK_SECONDS = 5;
    /** How long the engine may take to end the follow stream of a container it reports stopped. */
    private static final long STOPPED_STREAM_GRACE_SECONDS = 5;
    /** The most a read of a stopped container's log (no following) may take. */
    private static final long READ_REST_SECONDS = 60;

    private final DockerClient docker;

    LogFollower(DockerClient docker) {
        this.docker = docker;
    }

    /** Blocks until the container is no longer running; returns its final state. */
    InspectContainerResponse.ContainerState follow(String containerId, LogAssembler assembler)
            throws InterruptedException {
        Instant since = null;
        while (true) {
            long opened = System.nanoTime();
            LogContainerCmd cmd = logs(containerId, true, since);
            try {
                ResultCallback.Adapter<Frame> stream = cmd.exec(new ResultCallback.Adapter<Frame>() {
                    @Override
                    public void onNext(Frame frame) {
                        assembler.accept(frame);
                    }

                    @Override
                    public void onError(Throwable broken) {
                        // expected (read timeout on a quiet kernel, engine restart): no error log,
                        // the state check below decides whether to re-open the stream
                        LOG.debugf("log stream of %s broke: %s", containerId, broken.getMessage());
                        try {
                            close();
                        } catch (IOException ignored) {
                            LOG.debugf("closing the log stream of %s failed", containerId);
                        }
                    }
                });
                try {
                    awaitEndOfStream(containerId, stream);
                } finally {
                    closeQuietly(stream, containerId); // a stream the engine kept open, or one left by an exception
                }
            } catch (NotFoundException gone) {
                throw gone;
            } catch (RuntimeException broken) {
                LOG.debugf("log stream of %s broke: %s", containerId, broken.getMessage());
            }
            InspectContainerResponse.ContainerState state = stoppedSoon(containerId);
            if (!Boolean.TRUE.equals(state.getRunning())) {
                readRest(containerId, assembler);
                assembler.flush();
                return state;
            }
            since = assembler.resumePoint();
            if (System.nanoTime() - opened < 1_000_000_000L) {
                Thread.sleep(500); // do not spin when the engine keeps closing the stream
            }
        }
    }

    /**
     * Waits for the follow stream to end, as the engine ends it when the container stops. Should the engine keep it
     * open after the container has stopped, it is given up a few seconds later and the rest of the log is read without
     * following ({@link #readRest}): the run's result never waits on the stream alone (the HTTP client's read timeout
     * is minutes).
     */
    private void awaitEndOfStream(String containerId, ResultCallback.Adapter<Frame> stream) throws InterruptedException {
        while (!stream.awaitCompletion(STREAM_CHECK_SECONDS, TimeUnit.SECONDS)) {
            if (!Boolean.TRUE.equals(docker.inspectContainerCmd(containerId).exec().getState().getRunning())) {
                if (!stream.awaitCompletion(STOPPED_STREAM_GRACE_SECONDS, TimeUnit.SECONDS)) {
                    LOG.warnf("The engine kept the log stream of container %s open %d s after it stopped; reading the "
                            + "rest of its log instead", FailureMessages.shortId(containerId), STOPPED_STREAM_GRACE_SECONDS);
                }
                return;
            }
        }
    }

    private static void closeQuietly(ResultCallback.Adapter<Frame> stream, String containerId) {
        try {
            stream.close();
        } catch (IOException e) {
            LOG.debugf("closing the log stream of %s failed", containerId);
        }
    }

    /** Both streams with timestamps, from {@code since} (whole seconds; null: from the start). */
    private LogContainerCmd logs(String containerId, boolean follow, Instant since) {
        LogContainerCmd cmd = docker.logContainerCmd(containerId)
                .withStdOut(true).withStdErr(true).withFollowStream(follow).withTimestamps(true);
        return since == null ? cmd : cmd.withSince((int) since.getEpochSecond());
    }

    /**
     * The engine ends a follow stream when the container stops, before its log copier has written the output that
     * had no line break yet (it holds it until the process closes its stdout/stderr): the last words of a kernel that
     * did not end with a newline never come through the follow stream. Once the container has stopped they are in
     * its log, so it is read once more from where the stream left off.
     */
    private void readRest(String containerId, LogAssembler assembler) throws InterruptedException {
        LogContainerCmd cmd = logs(containerId, false, assembler.resumePoint());
        try {
            ResultCallback.Adapter<Frame> rest = cmd.exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    assembler.accept(frame);
                }
            });
            if (!rest.awaitCompletion(READ_REST_SECONDS, TimeUnit.SECONDS)) {
                LOG.warnf("the end of the log of %s was not read within %d s; the log may miss its last lines",
                        containerId, READ_REST_SECONDS);
            }
            closeQuietly(rest, containerId);
        } catch (NotFoundException gone) {
            throw gone;
        } catch (RuntimeException broken) {
            LOG.warnf("the end of the log of %s could not be read: %s", containerId, broken.getMessage());
        }
    }

    /**
     * The stream of an exiting container may close a moment before the engine marks it stopped: wait for the
     * engine to report the exit, briefly, before treating the close as a broken stream of a running container.
     */
    private InspectContainerResponse.ContainerState stoppedSoon(String containerId) {
        try (WaitContainerResultCallback exit = docker.waitContainerCmd(containerId).exec(new WaitContainerResultCallback())) {
            exit.awaitStatusCode(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (DockerClientException | IOException stillRunning) {
            LOG.debugf("container %s still runs after its log stream closed", containerId);
        } catch (NotFoundException gone) {
            throw gone;
        } catch (RuntimeException other) {
            LOG.debugf("waiting for container %s failed: %s", containerId, other.getMessage());
        }
        return docker.inspectContainerCmd(containerId).exec().getState();
    }
}
