package org.kernelforge.kernels;

import com.github.dockerjava.api.DockerClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.environments.EnvironmentPin;
import org.kernelforge.environments.Environments;
import org.kernelforge.environments.ResolvedEnvironment;
import org.kernelforge.runs.DockerConfig;

import java.util.List;
import java.util.Optional;

/**
 * The image a kernel runs in: the environment version its docker_image and pinning resolve to
 * ({@link Environments#resolve}), or one of the images the deployment registered before environments existed
 * (kernelforge.kernels.extra-images), which keep working as they did.
 */
@ApplicationScoped
public class RuntimeImages {

    private final DockerClient docker;
    private final DockerConfig dockerConfig;
    private final KernelsConfig config;
    private final Environments environments;

    public RuntimeImages(DockerClient docker, DockerConfig dockerConfig, KernelsConfig config, Environments environments) {
        this.docker = docker;
        this.dockerConfig = dockerConfig;
        this.config = config;
        this.environments = environments;
    }

    /**
     * An image to run: its name, its digest (empty when not known), its environment version (none for a registered
     * image) and the language the environment is for (null for a registered image, which says nothing about it).
     */
    public record Chosen(String image, String digest, EnvironmentPin environment, String language) {
    }

    /** The shipped environment for R kernels (src/main/resources/environments/r.packages). */
    static final String R_ENVIRONMENT = "r";

    public String defaultImage() {
        return dockerConfig.runtimeImage();
    }

    /** What a new kernel's docker_image is: the default environment. */
    public String defaultChoice() {
        return environments.defaultName();
    }

    /** The image a kernel's docker_image and pinning mean now, given the environment version it is on. */
    public Chosen choose(String dockerImage, String pinning, EnvironmentPin current) {
        if (dockerImage != null && registeredExtra().contains(dockerImage.strip())) {
            return new Chosen(dockerImage.strip(), "", EnvironmentPin.NONE, null);
        }
        ResolvedEnvironment env = environments.resolve(dockerImage, pinning, current);
        return new Chosen(env.imageName(), env.imageDigest(), env.pin(), env.language());
    }

    /** The image a kernel runs in now: its docker_image resolved with its pinning and its current pin. */
    public Chosen of(Kernel kernel) {
        return choose(kernel.dockerImage, kernel.pinningType, new EnvironmentPin(kernel.environmentName, kernel.environmentVersion));
    }

    /** What the editor offers: the environments with a ready version, then the registered images. */
    public List<String> choices() {
        List<String> all = new java.util.ArrayList<>(environments.ready());
        all.addAll(registeredExtra());
        return all;
    }

    private List<String> registeredExtra() {
        return config.extraImages().orElse(List.of());
    }

    /**
     * Whether the environment version of {@code chosen} has the Debian package {@code name}; empty when not known
     * (a registered image, or an environment whose packages are not listed yet).
     */
    public Optional<Boolean> hasDebianPackage(Chosen chosen, String name) {
        return environments.hasDebianPackage(chosen.environment(), name);
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
