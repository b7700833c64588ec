package org.kernelforge.environments;

import org.kernelforge.platform.Installation;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The containers of builds on the Docker engine: one runs a script as root with the host's network (apt reaches the
 * configured source, a loopback mirror in tests), its output is followed as it prints, and it is always removed.
 * The engine's own image store holds the results; no registry is involved.
 */
@ApplicationScoped
public class BuildContainers {

    private static final Logger LOG = Logger.getLogger(BuildContainers.class);
    /**
     * Every build container carries it (value: the version it builds, "name/n"), and its name starts with
     * {@link #NAME_PREFIX}, by which a restart finds it. A committed image keeps its build container's labels, so on an
     * environment's image (and the kernels' containers made from it) this label says which build made it.
     */
    static final String LABEL = "org.kernelforge.environment-build";
    static final String NAME_PREFIX = "kf-env-build-";

    private final DockerClient docker;
    /** The name prefix of this installation's build containers: another server's builds on the same engine are not ours. */
    private final String namePrefix;

    public BuildContainers(DockerClient docker, Installation installation) {
        this.docker = docker;
        this.namePrefix = NAME_PREFIX + installation.id() + "-";
    }

    record Exit(String containerId, int code) {
    }

    /** Runs {@code command} in a new container of {@code image}; the caller removes it ({@link #remove}). */
    Exit run(String image, String name, String build, boolean network, List<String> command, Consumer<String> output)
            throws InterruptedException {
        CreateContainerResponse created = docker.createContainerCmd(image)
                .withName(namePrefix + name)
                .withLabels(Map.of(LABEL, build))
                .withCmd(command)
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode(network ? "host" : "none"))
                .exec();
        String id = created.getId();
        try {
            docker.startContainerCmd(id).exec();
            AtomicLong received = new AtomicLong();
            while (true) {
                follow(id, received, output);
                var state = docker.inspectContainerCmd(id).exec().getState();
                if (!Boolean.TRUE.equals(state.getRunning())) {
                    follow(id, received, output);
                    Long code = state.getExitCodeLong();
                    return new Exit(id, code == null ? -1 : code.intValue());
                }
            }
        } catch (RuntimeException | InterruptedException e) {
            remove(id);
            throw e;
        }
    }

    /** The container's output from where the last stream broke off (a quiet apt may outlast the client's read timeout). */
    private void follow(String id, AtomicLong received, Consumer<String> output) throws InterruptedException {
        long skip = received.get();
        AtomicLong seen = new AtomicLong();
        docker.logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(true)
                .exec(new ResultCallback.Adapter<Frame>() {
                    @Override
                    public void onNext(Frame frame) {
                        String text = new String(frame.getPayload(), StandardCharsets.UTF_8);
                        long start = seen.getAndAdd(text.length());
                        if (start + text.length() > skip) {
                            String fresh = start >= skip ? text : text.substring((int) (skip - start));
                            received.addAndGet(fresh.length());
                            output.accept(fresh);
                        }
                    }

                    @Override
                    public void onError(Throwable broken) {
                        LOG.debugf("build log stream of %s broke: %s", id, broken.getMessage());
                        try {
                            close();
                        } catch (java.io.IOException ignored) {
                            LOG.debugf("closing the build log stream of %s failed", id);
                        }
                    }
                }).awaitCompletion();
    }

    /** Commits the container as {@code repository:tag} with {@code cmd} as the image's command; returns the image id. */
    String commit(String containerId, String repository, String tag, List<String> cmd, Map<String, String> labels) {
        return docker.commitCmd(containerId).withRepository(repository).withTag(tag)
                .withCmd(cmd.toArray(String[]::new)).withLabels(labels).exec();
    }

    List<String> imageCmd(String image) {
        String[] cmd = docker.inspectImageCmd(image).exec().getConfig().getCmd();
        return cmd == null ? List.of() : List.of(cmd);
    }

    String imageId(String image) {
        return docker.inspectImageCmd(image).exec().getId();
    }

    long imageBytes(String image) {
        Long size = docker.inspectImageCmd(image).exec().getSize();
        return size == null ? 0 : size;
    }

    /** The images on the engine whose label {@code label} is {@code value}, dangling ones included. */
    List<BuildCache.Cached> imagesLabelled(String label, String value) {
        return docker.listImagesCmd().withLabelFilter(Map.of(label, value)).exec().stream()
                .map(image -> new BuildCache.Cached(image.getId(), Instant.ofEpochSecond(image.getCreated() == null ? 0 : image.getCreated()),
                        image.getLabels() == null ? "" : image.getLabels().getOrDefault(EnvironmentBuilder.VERSION_LABEL, ""),
                        image.getRepoTags() != null && List.of(image.getRepoTags()).stream().anyMatch(t -> !t.startsWith("<none>"))))
                .toList();
    }

    /** Removes an image no tag names any more; one a container still uses stays (the engine refuses). */
    void removeUntagged(String imageId) {
        try {
            docker.removeImageCmd(imageId).withForce(false).exec();
            LOG.infof("removed the untagged image %s: a newer build of its recipe replaces it", imageId);
        } catch (RuntimeException e) {
            LOG.debugf("kept the untagged image %s: %s", imageId, e.getMessage());
        }
    }

    /** Tags {@code imageId} as {@code repository:tag} (moving the tag when another image had it). */
    void tag(String imageId, String repository, String tag) {
        docker.tagImageCmd(imageId, repository, tag).withForce(true).exec();
    }

    void remove(String containerId) {
        try {
            docker.removeContainerCmd(containerId).withForce(true).exec();
        } catch (NotFoundException gone) {
            LOG.debugf("build container %s was already removed", containerId);
        } catch (RuntimeException e) {
            LOG.warnf("could not remove build container %s: %s", containerId, e.getMessage());
        }
    }

    /** Removes the build containers a stopped server left behind. */
    void removeLeftovers() {
        List<Container> left = docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(LABEL)).exec();
        for (Container c : left) {
            boolean ours = c.getNames() != null && List.of(c.getNames()).stream().anyMatch(n -> n.startsWith("/" + namePrefix));
            if (ours) {
                remove(c.getId());
            }
        }
    }
}
