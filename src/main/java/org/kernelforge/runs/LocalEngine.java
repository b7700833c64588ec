package org.kernelforge.runs;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/**
 * The server's own Docker engine: {@link ContainerRunner} (and, for versions, its warm containers). A job is a
 * container; the node is the engine's host name.
 */
@ApplicationScoped
public class LocalEngine implements RunEngine {

    public static final String NAME = "local";

    private final ContainerRunner runner;
    private final DockerClient docker;
    private volatile String node;

    public LocalEngine(ContainerRunner runner, DockerClient docker) {
        this.runner = runner;
        this.docker = docker;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RunOutcome run(RunSpec spec, RunListener listener, Cancellation cancellation) {
        return runner.run(spec, placedHere(listener), cancellation, ContainerRemoval.IN_BACKGROUND);
    }

    /** Hands the run to a warm container; see {@link ContainerRunner#handOver}. */
    public RunOutcome handOver(RunSpec spec, WarmContainer warm, RunListener listener, Cancellation cancellation)
            throws WarmContainerGone {
        return runner.handOver(spec, warm, placedHere(listener), cancellation);
    }

    @Override
    public RunOutcome reattach(RunSpec spec, String jobId, Instant runStartedAt, double logsAfterSeconds,
                               RunListener listener, Cancellation cancellation) {
        return runner.reattach(spec, jobId, runStartedAt, logsAfterSeconds, listener, cancellation);
    }

    @Override
    public JobState state(String jobId) {
        try {
            InspectContainerResponse container = docker.inspectContainerCmd(jobId).exec();
            return Boolean.TRUE.equals(container.getState().getRunning()) ? JobState.RUNNING : JobState.ENDED;
        } catch (NotFoundException gone) {
            return JobState.GONE;
        }
    }

    /** The engine's host name, asked once. */
    public String node() {
        String name = node;
        if (name == null) {
            try {
                name = docker.infoCmd().exec().getName();
            } catch (RuntimeException unreachable) {
                return null; // asked again next time
            }
            node = name;
        }
        return name;
    }

    /** Tells the listener, once the run started, that it runs on this engine's host. */
    private RunListener placedHere(RunListener listener) {
        return new RunListener() {
            @Override
            public void started(String containerId, Instant startedAt) {
                listener.started(containerId, startedAt);
                String here = node();
                if (here != null) {
                    listener.placed(here);
                }
            }

            @Override
            public void line(LogLine line) {
                listener.line(line);
            }
        };
    }
}
