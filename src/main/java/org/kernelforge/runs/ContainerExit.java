package org.kernelforge.runs;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import org.jboss.logging.Logger;

/** Why a session's container stopped on its own, as the engine tells it: out of memory, an exit, or gone. */
final class ContainerExit {

    private static final Logger LOG = Logger.getLogger(ContainerExit.class);

    private final DockerClient docker;
    private final DockerEngineWatch engine;

    ContainerExit(DockerClient docker, DockerEngineWatch engine) {
        this.docker = docker;
        this.engine = engine;
    }

    /** How the session of {@code containerId} ended, whose memory limit was {@code memoryLimit} bytes. */
    SessionEnd of(String containerId, long memoryLimit) {
        try {
            InspectContainerResponse.ContainerState state = waitUntilStopped(containerId);
            // not engine.stoppedIt(state): the relay exits 0 on SIGTERM, not 143, so any exit but out-of-memory while
            // the engine refuses new connections is the engine going down
            if (!Boolean.TRUE.equals(state.getOOMKilled()) && !engine.acceptsConnections()) {
                return DockerLiveSession.engineStopped();
            }
            if (Boolean.TRUE.equals(state.getOOMKilled())) {
                return new SessionEnd("out_of_memory", "The kernel ran out of memory (the session may use "
                        + memoryLimit / (1024 * 1024) + " MiB) and the session ended.");
            }
            Long code = state.getExitCodeLong();
            return new SessionEnd("exited", "The kernel exited" + (code == null ? "" : " (exit code " + code + ")")
                    + " and the session ended.");
        } catch (NotFoundException gone) {
            return new SessionEnd("platform", "The session's container was removed by someone else.");
        } catch (RuntimeException e) {
            LOG.infof("the engine did not tell how container %s ended: %s", containerId, e.getMessage());
            return FailureMessages.causedByIo(e) ? DockerLiveSession.engineStopped()
                    : new SessionEnd("platform", "The Docker engine failed.");
        }
    }

    /** The output can end a moment before the engine records the exit. */
    private InspectContainerResponse.ContainerState waitUntilStopped(String containerId) {
        InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(containerId).exec().getState();
        for (int i = 0; i < 50 && Boolean.TRUE.equals(state.getRunning()); i++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            state = docker.inspectContainerCmd(containerId).exec().getState();
        }
        return state;
    }
}
