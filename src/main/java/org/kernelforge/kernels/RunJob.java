package org.kernelforge.kernels;

import java.util.List;

/** What the run queue needs of a version, read once in a short transaction. */
record RunJob(long versionId, String runId, KernelType type, String sourceSha256, String image, long memoryBytes,
              double cpus, long pids, int timeoutSeconds, long outputMaxBytes, boolean internet, boolean gpu,
              List<KernelVersionInput> inputs) {

    static RunJob of(KernelVersion v) {
        return new RunJob(v.id, "v" + v.id, v.type(), v.sourceSha256, v.imageName, v.memoryBytes, v.cpus, v.pidsLimit,
                v.timeoutSeconds, v.outputMaxBytes, v.enableInternet, v.enableGpu, KernelVersionInput.listFor(v.id));
    }
}
