package org.kernelforge.kernels;

import org.kernelforge.environments.EnvironmentPin;
import org.kernelforge.runs.FailureKind;
import org.kernelforge.runs.Language;
import org.kernelforge.runs.RunOutcome;

import java.time.Instant;
import java.util.List;

/** What the run queue needs of a version, read once in a short transaction. */
record RunJob(long versionId, String runId, KernelType type, Language language, String sourceSha256, String image, String imageDigest,
              EnvironmentPin environment, long memoryBytes, double cpus, long pids, int timeoutSeconds, long outputMaxBytes,
              boolean internet, boolean gpu, Instant startedAt, List<KernelVersionInput> inputs) {

    static RunJob of(KernelVersion v) {
        return new RunJob(v.id, "v" + v.id, v.type(), v.language(), v.sourceSha256, v.imageName, v.imageDigest,
                new EnvironmentPin(v.environmentName, v.environmentVersion), v.memoryBytes, v.cpus,
                v.pidsLimit, v.timeoutSeconds, v.outputMaxBytes, v.enableInternet, v.enableGpu, v.startedAt,
                KernelVersionInput.listFor(v.id));
    }

    /** The same source and inputs as a scoring rerun: its own run id and limits, never with internet. */
    RunJob forRerun(String rerunRunId, long rerunMemoryBytes, int rerunTimeoutSeconds, boolean rerunGpu) {
        return new RunJob(versionId, rerunRunId, type, language, sourceSha256, image, imageDigest, environment, rerunMemoryBytes,
                cpus, pids, rerunTimeoutSeconds, outputMaxBytes, false, rerunGpu, null, inputs);
    }

    /** {@code outcome}, naming the environment version it pinned when the run failed because its image is gone. */
    RunOutcome withEnvironmentNamed(RunOutcome outcome) {
        if (outcome.failure() != FailureKind.ENVIRONMENT || environment.name() == null || imageDigest == null
                || imageDigest.isBlank()) {
            return outcome;
        }
        return outcome.withMessage(RuntimeImages.imageGone(environment, image, imageDigest));
    }

    /** What the container starts from: the image the version pinned at commit ({@link RuntimeImages#reference}). */
    String imageReference() {
        return RuntimeImages.reference(image, imageDigest);
    }
}
