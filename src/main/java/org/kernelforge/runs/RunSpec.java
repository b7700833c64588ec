package org.kernelforge.runs;

import org.kernelforge.platform.Installation;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything needed to run one kernel version in a fresh container. Knows nothing about kernels.
 *
 * @param runId      unique id; the container is named {@code kernelforge-run-<runId>} and labelled
 *                   {@code org.kernelforge.run=<runId>}
 * @param image      image reference: the image id ({@code sha256:...}) a version pinned, so a tag moved since cannot
 *                   change what runs; a name:tag only where no id is known. The run records it by digest
 * @param command    the command, e.g. {@code [python3, /kaggle/src/script.py]} or
 *                   {@link RunnerScripts#notebookCommand(String)}
 * @param env        extra environment variables (HOME is always /tmp)
 * @param inputs     read-only at /kaggle/input/NAME and /input/NAME
 * @param sourceDir  the kernel's source, read-only at /kaggle/src; may be null
 * @param workingDir host directory at /kaggle/working and /working (rw): the run's output. Made by
 *                   {@link WorkingDirectories#create}; any other directory is size-polled instead
 * @param metaDir    host directory at /kaggle/.platform (rw) for platform files that are not output
 *                   (executed notebook, HTML)
 * @param internet   network access through the deployment's internet network (else none)
 * @param gpu        request all GPUs of the engine
 * @param labels     extra container labels
 */
public record RunSpec(String runId, String image, List<String> command, Map<String, String> env,
                      List<InputMount> inputs, Path sourceDir, Path workingDir, Path metaDir,
                      RunLimits limits, boolean internet, boolean gpu, Map<String, String> labels) {

    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

    public RunSpec {
        if (runId == null || !RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("runId must match " + RUN_ID + ": " + runId);
        }
        if (image == null || image.isBlank()) {
            throw new IllegalArgumentException("image is required");
        }
        if (command == null || command.isEmpty()) {
            throw new IllegalArgumentException("command is required");
        }
        Objects.requireNonNull(limits, "limits");
        command = List.copyOf(command);
        env = env == null ? Map.of() : Map.copyOf(env);
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        sourceDir = sourceDir == null ? null : sourceDir.toAbsolutePath().normalize();
        workingDir = Objects.requireNonNull(workingDir, "workingDir").toAbsolutePath().normalize();
        metaDir = Objects.requireNonNull(metaDir, "metaDir").toAbsolutePath().normalize();
        if (inputs.stream().map(InputMount::name).distinct().count() != inputs.size()) {
            throw new IllegalArgumentException("input names must be unique");
        }
    }

    /**
     * The container's name: the run id, and the installation's id when the run is labelled with one, so that
     * servers sharing an engine (each numbering its runs from 1) never claim the same name.
     */
    public String containerName() {
        String installation = labels.getOrDefault(Installation.LABEL, "").replaceAll("[^A-Za-z0-9]", "");
        return "kernelforge-run-" + runId + (installation.isEmpty() ? "" : "-" + installation.substring(0, Math.min(12, installation.length())));
    }

    public RunSpec withLimits(RunLimits value) {
        return new RunSpec(runId, image, command, env, inputs, sourceDir, workingDir, metaDir, value, internet, gpu, labels);
    }
}
