package org.kernelforge.runs;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The run containers on the engine, found by label: for reconciliation after a server restart
 * (see {@link ContainerRunner#reattach}) and for removal.
 */
@ApplicationScoped
public class RunContainers {

    private static final Logger LOG = Logger.getLogger(RunContainers.class);

    private final DockerClient docker;

    public RunContainers(DockerClient docker) {
        this.docker = docker;
    }

    /** Every container labelled {@code org.kernelforge.run}, running or not. */
    public List<LabelledContainer> findRunContainers() {
        List<Container> containers = docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(ContainerSettings.RUN_LABEL)).exec();
        return containers.stream().map(RunContainers::describe).toList();
    }

    public Optional<LabelledContainer> findByRunId(String runId) {
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(ContainerSettings.RUN_LABEL, runId)).exec()
                .stream().map(RunContainers::describe).findFirst();
    }

    /** Removes a container, killing it if it runs; a container already gone is fine. */
    public void remove(String containerId) {
        try {
            docker.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException gone) {
            LOG.debugf("container %s already removed", containerId);
        }
    }

    /** The image's digest: its first repo digest, else its id (locally built or imported images). */
    String digestOf(InspectImageResponse image) {
        List<String> repoDigests = image.getRepoDigests();
        return repoDigests != null && !repoDigests.isEmpty() ? repoDigests.get(0) : image.getId();
    }

    private static LabelledContainer describe(Container c) {
        Map<String, String> labels = c.getLabels() == null ? Map.of() : Map.copyOf(c.getLabels());
        String name = c.getNames() != null && c.getNames().length > 0 ? c.getNames()[0].replaceFirst("^/", "") : null;
        Instant created = c.getCreated() == null ? null : Instant.ofEpochSecond(c.getCreated());
        return new LabelledContainer(c.getId(), labels.get(ContainerSettings.RUN_LABEL), name, c.getState(), created, labels);
    }
}
