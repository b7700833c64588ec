package org.kernelforge.environments;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.runs.DockerConfig;

import java.util.List;
import java.util.Optional;

/**
 * The published service of environments for kernels and sessions: which image a kernel's docker_image and pinning
 * mean. {@code docker_image} is an environment's name ({@code python}) or one of its versions ({@code python/2});
 * the configured runtime image's name, which kernels stored before environments existed, means the default one.
 */
@ApplicationScoped
public class Environments {

    public static final String FIELD = "docker_image";

    private final EnvironmentsConfig config;
    private final DockerConfig docker;

    public Environments(EnvironmentsConfig config, DockerConfig docker) {
        this.config = config;
        this.docker = docker;
    }

    /** What a kernel that names no environment is given. */
    public String defaultName() {
        return config.defaultEnvironment();
    }

    /**
     * The environment version a commit runs in. {@code original} keeps {@code current} while the kernel names the
     * same environment; naming another environment, or {@code latest}, takes the newest built version; {@code name/N}
     * takes version N.
     */
    @Transactional
    public ResolvedEnvironment resolve(String dockerImage, String pinning, EnvironmentPin current) {
        Pinning mode = Pinning.parse(pinning);
        String requested = dockerImage == null || dockerImage.isBlank() ? config.defaultEnvironment() : dockerImage.strip();
        if (requested.equals(docker.runtimeImage())) {
            requested = config.defaultEnvironment();
        }
        int slash = requested.indexOf('/');
        String name = slash < 0 ? requested : requested.substring(0, slash);
        String number = slash < 0 ? null : requested.substring(slash + 1);
        Environment environment = Environment.byName(name).orElseThrow(() -> unknown(dockerImage));
        EnvironmentVersion version;
        if (number != null) {
            version = EnvironmentVersion.byNumber(environment, number(number, dockerImage))
                    .orElseThrow(() -> ProblemException.badRequest(FIELD, "The environment '" + name + "' has no version "
                            + number + versions(environment)));
            if (version.status != EnvironmentStatus.READY) {
                throw ProblemException.badRequest(FIELD, "Version " + version.number + " of the environment '" + name
                        + "' is " + version.status.id() + ", not ready to run kernels" + versions(environment));
            }
        } else if (mode == Pinning.ORIGINAL && current != null && name.equals(current.name()) && current.version() != null) {
            version = EnvironmentVersion.byNumber(environment, current.version()).orElseGet(() -> latest(environment));
        } else {
            version = latest(environment);
        }
        return new ResolvedEnvironment(environment.name, version.number, version.imageName,
                version.imageDigest == null ? "" : version.imageDigest, environment.language);
    }

    /** The environments' names, for messages. */
    @Transactional
    public List<String> names() {
        return Environment.all().stream().map(e -> e.name).toList();
    }

    /** The environments a kernel can run in now (those with a ready version), for the editor's choice. */
    @Transactional
    public List<String> ready() {
        return Environment.all().stream().filter(e -> EnvironmentVersion.latestReady(e).isPresent()).map(e -> e.name).toList();
    }

    /**
     * Whether the environment version {@code pin} has the Debian package {@code name} installed; empty when that is
     * not known (no such environment version, or its packages are not listed yet).
     */
    @Transactional
    public Optional<Boolean> hasDebianPackage(EnvironmentPin pin, String name) {
        if (pin == null || pin.name() == null || pin.version() == null) {
            return Optional.empty();
        }
        return Environment.byName(pin.name()).flatMap(e -> EnvironmentVersion.byNumber(e, pin.version()))
                .filter(v -> v.packages != null && !v.packages.isBlank())
                .map(v -> PackageList.parse(v.packages).entries().stream()
                        .anyMatch(p -> "debian".equals(p.source()) && p.name().equals(name)));
    }

    private EnvironmentVersion latest(Environment environment) {
        return EnvironmentVersion.latestReady(environment).orElseThrow(() -> ProblemException.badRequest(FIELD,
                "The environment '" + environment.name + "' has no built version yet; an admin can build it on /environments/"
                        + environment.name));
    }

    private static int number(String text, String asked) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // told below
        }
        throw ProblemException.badRequest(FIELD, "docker_image '" + asked + "' is neither an environment's name nor"
                + " name/N with a version number N");
    }

    private ProblemException unknown(String asked) {
        return ProblemException.badRequest(FIELD, "There is no environment '" + asked + "' here; name one of "
                + names() + ", or name/N for its version N");
    }

    private static String versions(Environment environment) {
        List<Integer> ready = EnvironmentVersion.listFor(environment).stream()
                .filter(v -> v.status == EnvironmentStatus.READY).map(v -> v.number).sorted().toList();
        return "; its ready versions are " + ready;
    }
}
