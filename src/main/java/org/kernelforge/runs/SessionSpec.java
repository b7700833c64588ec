package org.kernelforge.runs;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to start one interactive Jupyter kernel in a hardened container. Knows nothing about kernels.
 *
 * @param sessionId  unique id; the container is named and labelled after it
 * @param image      runtime image reference (the kernel's environment), containing python3 and ipykernel
 * @param env        extra environment variables (HOME is always /tmp)
 * @param inputs     read-only at /kaggle/input/NAME and /input/NAME
 * @param workingDir host directory at /kaggle/working (rw), made by {@link WorkingDirectories#create}; discarded
 *                   with the session, never part of a version
 * @param limits     memory, CPU, pids, scratch as for runs; {@code timeout} is the longest the session may live
 * @param internet   network access through the deployment's internet network (else none)
 * @param labels     extra container labels (the installation's label among them)
 * @param language   the kernel to start: ipykernel for Python, IRkernel (which the image must have) for R
 */
public record SessionSpec(String sessionId, String image, Map<String, String> env, List<InputMount> inputs,
                          Path workingDir, RunLimits limits, boolean internet, Map<String, String> labels,
                          Language language) {

    public SessionSpec {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(workingDir, "workingDir");
        Objects.requireNonNull(limits, "limits");
        env = env == null ? Map.of() : Map.copyOf(env);
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        language = language == null ? Language.PYTHON : language;
    }

    /** A Python session. */
    public SessionSpec(String sessionId, String image, Map<String, String> env, List<InputMount> inputs,
                       Path workingDir, RunLimits limits, boolean internet, Map<String, String> labels) {
        this(sessionId, image, env, inputs, workingDir, limits, internet, labels, Language.PYTHON);
    }
}
