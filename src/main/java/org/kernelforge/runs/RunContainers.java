package org.kernelforge.runs;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The run containers on the engine, found by label: for reconciliation after a server restart
 * (see {@link ContainerRunner#reattach}) and for removal.
 */
@ApplicationScoped
public class RunContainers {

    private static final Logger LOG = Logger.getLogger(RunContainers.class);

    private final DockerClient docker;
    private final Map<String, String> imageDigests = new ConcurrentHashMap<>();
    private final Set<String> removing = ConcurrentHashMap.newKeySet();
    /** Containers whose removal failed (the engine out of reach): removed when it answers again. */
    private final Set<String> failedRemovals = ConcurrentHashMap.newKeySet();
    private final ExecutorService remover = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "run-container-remover");
        t.setDaemon(true);
        return t;
    });

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

    /**
     * Removes a container; when that fails (the engine out of reach) it is logged and tried again each time
     * {@link DockerEngineWatch} finds the engine answering, and by reconciliation at the next start.
     */
    public void removeOrRetryLater(String containerId) {
        try {
            remove(containerId);
        } catch (RuntimeException e) {
            failedRemovals.add(containerId);
            LOG.errorf("Could not remove container %s (%s); it is removed when the engine answers again",
                    containerId, e.getMessage());
        }
    }

    /** Removes the containers whose removal failed before; those that fail again stay for the next time. */
    void retryFailedRemovals() {
        for (String containerId : List.copyOf(failedRemovals)) {
            try {
                remove(containerId);
                failedRemovals.remove(containerId);
                LOG.infof("Removed container %s, left behind while the engine was out of reach", containerId);
            } catch (RuntimeException stillFailing) {
                LOG.debugf("container %s still cannot be removed: %s", containerId, stillFailing.getMessage());
            }
        }
    }

    /** Containers whose removal failed and waits for the engine (for tests). */
    public Set<String> failedRemovals() {
        return Set.copyOf(failedRemovals);
    }

    /**
     * Removes a container on a background thread (see {@link ContainerRemoval#IN_BACKGROUND}), as
     * {@link #removeOrRetryLater}.
     */
    public void removeInBackground(String containerId) {
        removing.add(containerId);
        remover.execute(() -> {
            try {
                removeOrRetryLater(containerId);
            } finally {
                synchronized (removing) {
                    removing.remove(containerId);
                    removing.notifyAll();
                }
            }
        });
    }

    /** Waits until the background removals under way have ended; false if some still run at the timeout. */
    public boolean awaitRemovals(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (removing) {
            while (!removing.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                removing.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    void onStop(@Observes ShutdownEvent event) {
        try {
            if (!awaitRemovals(Duration.ofSeconds(30))) {
                LOG.warnf("Stopping with containers still being removed: %s; reconciliation removes them at the next start",
                        removing);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        remover.shutdown();
    }

    /**
     * The digest of the image with id {@code imageId}; an image id names immutable content, so it is looked up
     * once. The id itself when the image is gone from the engine.
     */
    String digestOfImage(String imageId) {
        String cached = imageDigests.get(imageId);
        if (cached != null) {
            return cached;
        }
        try {
            String digest = digestOf(docker.inspectImageCmd(imageId).exec());
            imageDigests.put(imageId, digest);
            return digest;
        } catch (NotFoundException imageRemoved) {
            return imageId;
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
