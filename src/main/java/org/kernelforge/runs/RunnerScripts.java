package org.kernelforge.runs;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runner scripts (classpath {@code runner/}), mounted read-only into every run container at
 * {@link #DIRECTORY}. {@code run_notebook.py} executes a notebook top to bottom with nbclient, stops at
 * the first failing cell, always writes the executed notebook and its HTML rendering (cells anchored as
 * {@code #cell-N}), and exits non-zero when a cell failed. {@code run_script.py} runs a script as
 * {@code python3 script.py} would, {@code run_script.R} an R script as {@code Rscript script.R} would. All three
 * write what failed and where to {@link #FAILURE} when the user's code raised ({@link FailureReport}). {@code session_relay.py} is the command of a session container
 * ({@link DockerSessionContainers}): it runs a Jupyter kernel and relays its messages over the container's stdin/stdout.
 */
@ApplicationScoped
public class RunnerScripts {

    public static final String DIRECTORY = "/kaggle/.runner";
    /** Where the runner writes the executed notebook (in the run's platform directory). */
    public static final String EXECUTED_NOTEBOOK = "/kaggle/.platform/__notebook__.ipynb";
    /** Where the runner writes the HTML rendering. */
    public static final String RENDERED_HTML = "/kaggle/.platform/notebook.html";
    /** Where the runners write what failed and where, as JSON. */
    public static final String FAILURE = "/kaggle/.platform/failure.json";
    public static final String EXECUTED_NOTEBOOK_FILE = "__notebook__.ipynb";
    public static final String RENDERED_HTML_FILE = "notebook.html";
    public static final String FAILURE_FILE = "failure.json";

    /** The stager of a run on a cluster node ({@link SwarmEngine}): fetches inputs, runs the kernel, uploads outputs. */
    static final String STAGER = "stage.py";
    private static final String NOTEBOOK_TEMPLATE = "templates/kernelforge/index.html.j2";
    private static final List<String> RESOURCES = List.of("run_notebook.py", "run_script.py", "run_script.R", "session_relay.py", STAGER,
            "templates/kernelforge/conf.json", NOTEBOOK_TEMPLATE);

    /** The CSP source of the one script the rendered notebook carries (see {@link #notebookScriptSource()}). */
    private static volatile String notebookScriptSource;

    private final RunsConfig config;
    private volatile Path extracted;

    public RunnerScripts(RunsConfig config) {
        this.config = config;
    }

    /** The command that runs the Python notebook at {@code notebookInContainer}, e.g. /kaggle/src/notebook.ipynb. */
    public List<String> notebookCommand(String notebookInContainer) {
        return notebookCommand(Language.PYTHON, notebookInContainer);
    }

    /**
     * The command that runs a notebook of {@code language}: nbclient in Python either way, on the Jupyter kernel of
     * the language (for R the notebook's kernelspec when it is an installed R kernel, else IRkernel's {@code ir}).
     */
    public List<String> notebookCommand(Language language, String notebookInContainer) {
        return List.of("python3", DIRECTORY + "/run_notebook.py", notebookInContainer, "--output", EXECUTED_NOTEBOOK,
                "--html", RENDERED_HTML, "--failure", FAILURE, "--language", language.id());
    }

    /** The command that runs the Python script at {@code scriptInContainer}, e.g. /kaggle/src/script.py. */
    public List<String> scriptCommand(String scriptInContainer) {
        return scriptCommand(Language.PYTHON, scriptInContainer);
    }

    /** The command that runs a script of {@code language}: {@code python3} or {@code Rscript} with its runner. */
    public List<String> scriptCommand(Language language, String scriptInContainer) {
        return switch (language) {
            case PYTHON -> List.of("python3", "-u", DIRECTORY + "/run_script.py", scriptInContainer, "--failure", FAILURE);
            case R -> List.of("Rscript", DIRECTORY + "/run_script.R", scriptInContainer, "--failure", FAILURE);
        };
    }

    /**
     * The command of a session container: the relay between the server and the kernel ({@code session_relay.py}),
     * which starts the Jupyter kernel of {@code language} (ipykernel itself, others from their kernelspec).
     */
    public List<String> sessionCommand(Language language) {
        return List.of("python3", DIRECTORY + "/session_relay.py", "--kernel", language.kernelName());
    }

    /** The relay of a session container made ahead of time: it starts the kernel, then waits for the server. */
    public List<String> warmSessionCommand(Language language) {
        return List.of("python3", DIRECTORY + "/session_relay.py", "--warm", "--kernel", language.kernelName());
    }

    /** Every runner file by its path under {@link #DIRECTORY}, for engines that cannot mount the host's folder. */
    Map<String, byte[]> files() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try {
            for (String name : RESOURCES) {
                files.put(name, resource(name));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the runner scripts", e);
        }
        return files;
    }

    /** The scripts on the host (extracted once, in a folder named by their content hash), for a read-only bind mount. */
    public Path directoryOnHost() {
        Path path = extracted;
        if (path == null) {
            synchronized (this) {
                if (extracted == null) {
                    extracted = extract();
                }
                path = extracted;
            }
        }
        return path;
    }

    private Path extract() {
        try {
            Map<String, byte[]> files = new LinkedHashMap<>();
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String name : RESOURCES) {
                byte[] content = resource(name);
                files.put(name, content);
                digest.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                digest.update(content);
            }
            String hash = HexFormat.of().formatHex(digest.digest()).substring(0, 16);
            Path parent = Path.of(config.stateDir()).toAbsolutePath().normalize().resolve("runner");
            Path target = parent.resolve(hash);
            if (!Files.isDirectory(target)) {
                Files.createDirectories(parent);
                Path temp = Files.createTempDirectory(parent, "runner-");
                for (Map.Entry<String, byte[]> file : files.entrySet()) {
                    Path path = temp.resolve(file.getKey());
                    Files.createDirectories(path.getParent());
                    Files.write(path, file.getValue());
                    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));
                }
                try (var dirs = Files.walk(temp)) {
                    for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                }
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException raced) { // another server process extracted the same scripts first
                    if (!Files.isDirectory(target)) {
                        throw raced;
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("could not extract the runner scripts", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code 'sha256-...'}: the Content-Security-Policy source that allows the script of the notebook template (it
     * tells the embedding page the notebook's height) and no other script. Computed from the template itself, so the
     * rendered script and the policy cannot drift apart.
     */
    public static String notebookScriptSource() {
        String source = notebookScriptSource;
        if (source == null) {
            try {
                String template = new String(resource(NOTEBOOK_TEMPLATE), java.nio.charset.StandardCharsets.UTF_8);
                int start = template.indexOf("<script>");
                int end = template.indexOf("</script>", start);
                if (start < 0 || end < 0) {
                    throw new IllegalStateException("runner/" + NOTEBOOK_TEMPLATE + " has no <script> element");
                }
                byte[] script = template.substring(start + "<script>".length(), end).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                source = "'sha256-" + java.util.Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(script)) + "'";
                notebookScriptSource = source;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return source;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = RunnerScripts.class.getClassLoader().getResourceAsStream("runner/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource runner/" + name);
            }
            return in.readAllBytes();
        }
    }
}
