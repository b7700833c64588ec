package org.kernelforge.runs;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.LogSwarmObjectCmd;
import com.github.dockerjava.api.model.Frame;
import org.jboss.logging.Logger;

import java.io.Closeable;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Follows a run's service logs through the manager, with timestamps, into a {@link LogAssembler}, re-opening the
 * stream where it left off when it breaks. The manager's follow stream does not end with a job's task, so the engine
 * says when the task has ended ({@link #finish}); the log is then read once more to its end, which also brings the
 * last words of a kernel that ended without a line break.
 */
final class SwarmLogs implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SwarmLogs.class);

    private final DockerClient docker;
    private final String serviceId;
    private final LogAssembler assembler;
    private final AtomicReference<Closeable> stream = new AtomicReference<>();
    private volatile boolean finished;
    private final Thread follower;

    SwarmLogs(DockerClient docker, String serviceId, LogAssembler assembler) {
        this.docker = docker;
        this.serviceId = serviceId;
        this.assembler = assembler;
        this.follower = new Thread(this::follow, "swarm-logs-" + FailureMessages.shortId(serviceId));
        this.follower.setDaemon(true);
    }

    SwarmLogs start() {
        follower.start();
        return this;
    }

    private void follow() {
        Instant since = null;
        while (!finished) {
            long opened = System.nanoTime();
            try {
                ResultCallback.Adapter<Frame> callback = logs(true, since).exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Frame frame) {
                        if (!finished) {
                            assembler.accept(frame);
                        }
                    }
                });
                stream.set(callback);
                if (finished) {
                    callback.close();
                }
                callback.awaitCompletion();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | IOException broken) {
                LOG.debugf("log stream of service %s broke: %s", serviceId, broken.getMessage());
            }
            if (finished) {
                return;
            }
            since = assembler.resumePoint();
            if (System.nanoTime() - opened < 1_000_000_000L) {
                try {
                    Thread.sleep(500); // do not spin when the manager keeps closing the stream
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** The task has ended: stops following and reads the rest of the log, when the service is still there. */
    void finish(boolean serviceExists) throws InterruptedException {
        finished = true;
        closeStream();
        follower.join(10_000);
        if (serviceExists) {
            try {
                logs(false, assembler.resumePoint()).exec(new ResultCallback.Adapter<Frame>() {
                    @Override
                    public void onNext(Frame frame) {
                        assembler.accept(frame);
                    }
                }).awaitCompletion();
            } catch (RuntimeException broken) {
                LOG.warnf("the end of the log of service %s could not be read: %s", serviceId, broken.getMessage());
            }
        }
        assembler.flush();
    }

    private LogSwarmObjectCmd logs(boolean follow, Instant since) {
        LogSwarmObjectCmd cmd = docker.logServiceCmd(serviceId).withStdout(true).withStderr(true)
                .withTimestamps(true).withFollow(follow).withDetails(false);
        return since == null ? cmd : cmd.withSince((int) since.getEpochSecond());
    }

    private void closeStream() {
        Closeable open = stream.get();
        if (open != null) {
            try {
                open.close();
            } catch (IOException ignored) {
                LOG.debugf("closing the log stream of service %s failed", serviceId);
            }
        }
    }

    @Override
    public void close() {
        finished = true;
        closeStream();
        follower.interrupt();
    }
}
