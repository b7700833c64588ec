package org.kernelforge.kernels;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.environments.EnvironmentPin;
import org.kernelforge.environments.Environments;
import org.kernelforge.environments.Pinning;
import org.kernelforge.environments.ResolvedEnvironment;
import org.kernelforge.platform.ProblemException;
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

        /** What its containers start from ({@link RuntimeImages#reference}). */
        public String reference() {
            return RuntimeImages.reference(image, digest);
        }
    }

    /**
     * What a container of an image known by {@code name} and {@code digest} starts from: the digest (the image id),
     * so that a tag moved since (a rebuild, another installation on the same engine, an admin's {@code docker tag})
     * cannot change what runs; the name only while no digest is known.
     */
    static String reference(String name, String digest) {
        return digest == null || digest.isBlank() ? name : digest;
    }

    /** The shipped environment for R kernels (src/main/resources/environments/r.packages). */
    static final String R_ENVIRONMENT = "r";

    /**
     * What a kernel that names no environment starts from now: the default environment's newest ready version, by
     * digest (warm containers are made of it); the configured runtime image while that version is not known.
     */
    public String defaultImage() {
        try {
            return choose(environments.defaultName(), Pinning.LATEST.id(), EnvironmentPin.NONE).reference();
        } catch (ProblemException notBuilt) {
            return dockerConfig.runtimeImage();
        }
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

    /**
     * Refuses (400 naming docker_image) an environment version whose image is gone from the engine: what a kernel
     * pinned to it would run is no longer there. A registered image, or an engine out of reach, is not refused here.
     */
    public void requirePresent(Chosen chosen) {
        if (chosen.environment().name() == null || chosen.digest().isBlank() || present(chosen.reference())) {
            return;
        }
        throw ProblemException.badRequest(Environments.FIELD, imageGone(chosen.environment(), chosen.image(), chosen.digest()));
    }

    /** What a person reads when the image of an environment version is no longer on the engine. */
    static String imageGone(EnvironmentPin environment, String image, String digest) {
        return "The environment '" + environment.name() + "' version " + environment.version() + " is gone: its image "
                + digest + " (" + image + ") is no longer on the Docker engine, so nothing can run in it. An admin can"
                + " build the environment again as a new version; then name that version in docker_image (or use"
                + " docker_image_pinning_type 'latest')";
    }

    private boolean present(String reference) {
        try {
            docker.inspectImageCmd(reference).exec();
            return true;
        } catch (NotFoundException gone) {
            return false;
        } catch (RuntimeException engineOutOfReach) {
            return true; // the start itself tells that the engine is down
        }
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
