package org.kernelforge.kernels;

/**
 * An input pinned at commit time: mounted at /kaggle/input/{mountName}; exactly one of
 * datasetVersionId and kernelVersionId is set.
 */
record ResolvedInput(String mountName, String kind, String ref, int version, Long datasetVersionId, Long kernelVersionId) {

    static final String DATASET = "dataset";
    static final String KERNEL = "kernel";
    static final String COMPETITION = "competition";

    String line() {
        return mountName + " " + kind + " " + ref + "/" + version;
    }
}
