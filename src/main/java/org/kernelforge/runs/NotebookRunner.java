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
import java.util.List;

/**
 * The notebook runner script (classpath {@code runner/run_notebook.py}), mounted read-only into
 * every run container at {@link #SCRIPT}. It executes a notebook top to bottom with nbclient,
 * stops at the first failing cell, always writes the executed notebook and its HTML rendering,
 * and exits non-zero when a cell failed.
 */
@ApplicationScoped
public class NotebookRunner {

    public static final String SCRIPT = "/kaggle/.runner/run_notebook.py";
    /** Where the runner writes the executed notebook (in the run's platform directory). */
    public static final String EXECUTED_NOTEBOOK = "/kaggle/.platform/__notebook__.ipynb";
    /** Where the runner writes the HTML rendering. */
    public static final String RENDERED_HTML = "/kaggle/.platform/notebook.html";
    public static final String EXECUTED_NOTEBOOK_FILE = "__notebook__.ipynb";
    public static final String RENDERED_HTML_FILE = "notebook.html";

    private static final String RESOURCE = "runner/run_notebook.py";

    private final RunsConfig config;
    private volatile Path extracted;

    public NotebookRunner(RunsConfig config) {
        this.config = config;
    }

    /** The command that runs the notebook at {@code notebookInContainer}, e.g. /kaggle/src/notebook.ipynb. */
    public List<String> command(String notebookInContainer) {
        return List.of("python3", SCRIPT, notebookInContainer, "--output", EXECUTED_NOTEBOOK, "--html", RENDERED_HTML);
    }

    /** The script on the host (extracted once, named by its content hash), for a read-only bind mount. */
    public Path scriptOnHost() {
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
        try (InputStream in = NotebookRunner.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + RESOURCE);
            }
            byte[] script = in.readAllBytes();
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(script)).substring(0, 16);
            Path dir = Path.of(config.stateDir()).toAbsolutePath().normalize().resolve("runner").resolve(hash);
            Path target = dir.resolve("run_notebook.py");
            if (!Files.isRegularFile(target)) {
                Files.createDirectories(dir);
                Path temp = Files.createTempFile(dir, "run_notebook", ".tmp");
                Files.write(temp, script);
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("could not extract the notebook runner script", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
