package org.kernelforge.kernels;

import java.util.Optional;

/**
 * A competition's public data as a kernel input: its dataset version, mounted at /kaggle/input/&lt;competition
 * slug&gt;. Kernels sit below competitions, so the competitions feature implements this.
 */
public interface CompetitionInputs {

    record PublicData(String slug, long datasetVersionId, int datasetVersionNumber) {
    }

    Optional<PublicData> find(String slug);
}
