package org.kernelforge.kernels;

import com.github.dockerjava.api.DockerClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.runs.DockerConfig;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** The images kernels may run in: the default runtime image and those the deployment registered. */
@ApplicationScoped
public class RuntimeImages {

    private final DockerClient docker;
    private final DockerConfig dockerConfig;
    private final KernelsConfig config;

    public RuntimeImages(DockerClient docker, DockerConfig dockerConfig, KernelsConfig config) {
        this.docker = docker;
        this.dockerConfig = dockerConfig;
        this.config = config;
    }

    public String defaultImage() {
        return dockerConfig.runtimeImage();
    }

    public Set<String> registered() {
        Set<String> images = new LinkedHashSet<>();
        images.add(defaultImage());
        config.extraImages().ifPresent(images::addAll);
        return images;
    }

    /** The image a kernel asks for, which must be registered; blank means the default. */
    public String choose(String requested) {
        if (requested == null || requested.isBlank()) {
            return defaultImage();
        }
        if (!registered().contains(requested)) {
            throw ProblemException.badRequest("docker_image", "The image '" + requested
                    + "' is not available here; choose one of " + registered());
        }
        return requested;
    }

    /** The image's content digest (its id), or empty when the engine does not have it or is down. */
    public Optional<String> digest(String image) {
        try {
            return Optional.ofNullable(docker.inspectImageCmd(image).exec().getId());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
