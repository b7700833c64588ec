package org.kernelforge.environments;

import com.github.dockerjava.api.DockerClient;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;
import org.kernelforge.runs.DockerConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Creates the environments the server ships when they are missing: {@code python}, whose version 1 is the configured
 * runtime image (ready without a build; recipe: deploy/runtime-image/packages.txt), and one for every
 * {@code environments/<name>.packages} on the classpath, which are not built until an admin asks.
 */
@ApplicationScoped
public class ShippedEnvironments {

    private static final Logger LOG = Logger.getLogger(ShippedEnvironments.class);
    static final String FOLDER = "environments";
    static final String PYTHON_RECIPE = FOLDER + "/python-runtime/packages.txt";

    private final EnvironmentsConfig config;
    private final DockerConfig docker;
    private final DockerClient engine;

    public ShippedEnvironments(EnvironmentsConfig config, DockerConfig docker, DockerClient engine) {
        this.config = config;
        this.docker = docker;
        this.engine = engine;
    }

    /** A shipped recipe file: its name, the header comments '# language:' and '# description:', and its packages. */
    record Shipped(String name, String language, String description, Recipe recipe) {

        static Shipped parse(String name, String text) {
            String language = header(text, "language").orElse("python");
            String description = header(text, "description").orElse("");
            return new Shipped(name, language, description, Recipe.parse(text, FOLDER + "/" + name + ".packages"));
        }

        private static Optional<String> header(String text, String key) {
            for (String line : text.split("\n")) {
                String stripped = line.strip();
                if (stripped.startsWith("#")) {
                    String comment = stripped.substring(1).strip();
                    if (comment.startsWith(key + ":")) {
                        return Optional.of(comment.substring(key.length() + 1).strip());
                    }
                }
            }
            return Optional.empty();
        }
    }

    /** Before {@link EnvironmentBuilder}'s start, which lists the packages of what is created here. */
    void onStart(@Observes @Priority(10) StartupEvent event) {
        try {
            ensure();
        } catch (RuntimeException e) {
            // another server on the same database created them at the same moment: their rows are there now
            LOG.infof("creating the shipped environments raced another server (%s); looking again", e.getMessage());
            ensure();
        }
    }

    @Transactional
    void ensure() {
        String python = config.defaultEnvironment();
        Recipe recipe = Recipe.parse(read(PYTHON_RECIPE), PYTHON_RECIPE);
        if (Environment.byName(python).isEmpty()) {
            Environment env = create(new Shipped(python, "python",
                    "The default runtime: Python 3 with NumPy, pandas, scikit-learn, SciPy, Matplotlib and seaborn", recipe));
            EnvironmentVersion v = runtimeVersion(env, 1, recipe.text(), docker.runtimeImage(),
                    imageId(docker.runtimeImage()).orElse(null));
            v.buildLog = "Version 1 is the runtime image " + docker.runtimeImage() + " (deploy/runtime-image/build.sh).\n";
            v.persist();
            LOG.infof("environment %s created: version 1 is %s", python, docker.runtimeImage());
        } else {
            adopt(python, docker.runtimeImage(), recipe.text()).ifPresent(n -> LOG.infof("environment %s version %d is the runtime"
                    + " image %s, rebuilt or changed since the earlier versions", python, n, docker.runtimeImage()));
        }
        for (Shipped shipped : shippedRecipes()) {
            if (!shipped.name().equals(python) && Environment.byName(shipped.name()).isEmpty()) {
                create(shipped);
                LOG.infof("environment %s created from its shipped recipe; an admin builds it on /environments/%s",
                        shipped.name(), shipped.name());
            }
        }
    }

    /**
     * Makes {@code image} the next version of {@code environment} (ready, no build) when its id is other bits than
     * every version of it recorded: the runtime image was rebuilt or upgraded since, and versions are run by digest, so
     * without a version of its own it would never be used. Kernels on {@code latest} move to it, those pinned
     * {@code original} keep their bits. Nothing when the engine does not say the id, or a ready version has no digest
     * yet (its listing records it). Answers the new version's number.
     */
    @Transactional
    Optional<Integer> adopt(String environment, String image, String recipe) {
        Optional<String> id = imageId(image);
        Environment env = Environment.byName(environment).orElse(null);
        if (id.isEmpty() || env == null) {
            return Optional.empty();
        }
        List<EnvironmentVersion> versions = EnvironmentVersion.listFor(env);
        boolean known = versions.stream().anyMatch(v -> id.get().equals(v.imageDigest)
                || v.status == EnvironmentStatus.READY && (v.imageDigest == null || v.imageDigest.isBlank()));
        if (known) {
            return Optional.empty();
        }
        int number = versions.stream().mapToInt(v -> v.number).max().orElse(0) + 1;
        EnvironmentVersion v = runtimeVersion(env, number, recipe, image, id.get());
        v.buildLog = "Version " + number + " is the runtime image " + image + " (" + id.get() + "), which no earlier version"
                + " recorded: it was rebuilt or changed since (deploy/runtime-image/build.sh).\n";
        v.persist();
        return Optional.of(number);
    }

    private static EnvironmentVersion runtimeVersion(Environment env, int number, String recipe, String image, String digest) {
        EnvironmentVersion v = new EnvironmentVersion();
        v.environment = env;
        v.number = number;
        v.status = EnvironmentStatus.READY;
        v.recipe = recipe;
        v.imageName = image;
        v.imageDigest = digest;
        v.createdAt = Instant.now();
        v.builtAt = v.createdAt;
        return v;
    }

    private Environment create(Shipped shipped) {
        Environment env = new Environment();
        env.name = shipped.name();
        env.language = shipped.language();
        env.description = shipped.description();
        env.recipe = shipped.recipe().text();
        env.createdAt = Instant.now();
        env.persistAndFlush();
        return env;
    }

    private Optional<String> imageId(String image) {
        try {
            return Optional.ofNullable(engine.inspectImageCmd(image).exec().getId());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Every environments/*.packages on the classpath, from a folder or from a jar. */
    static List<Shipped> shippedRecipes() {
        List<Shipped> found = new ArrayList<>();
        try {
            var urls = Thread.currentThread().getContextClassLoader().getResources(FOLDER);
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                withFolder(url.toURI(), folder -> {
                    try (Stream<Path> files = Files.list(folder)) {
                        for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".packages")).sorted().toList()) {
                            String fileName = file.getFileName().toString();
                            found.add(Shipped.parse(fileName.substring(0, fileName.length() - ".packages".length()),
                                    Files.readString(file, StandardCharsets.UTF_8)));
                        }
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    private interface FolderReader {
        void read(Path folder) throws IOException;
    }

    private static void withFolder(URI uri, FolderReader reader) throws IOException {
        if (!"jar".equals(uri.getScheme())) {
            reader.read(Path.of(uri));
            return;
        }
        FileSystem fs;
        boolean opened = false;
        try {
            fs = FileSystems.newFileSystem(uri, Map.of());
            opened = true;
        } catch (FileSystemAlreadyExistsException e) {
            fs = FileSystems.getFileSystem(uri);
        }
        try {
            reader.read(fs.provider().getPath(uri));
        } finally {
            if (opened) {
                fs.close();
            }
        }
    }

    private static String read(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the resource " + resource + " is missing from the server's build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
