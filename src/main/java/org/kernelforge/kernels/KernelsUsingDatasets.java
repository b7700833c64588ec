package org.kernelforge.kernels;

import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.datasets.DatasetUses;

import java.util.Collection;
import java.util.List;

/** Kernel versions that mount a dataset version: a dataset they read cannot be deleted from under them. */
@ApplicationScoped
public class KernelsUsingDatasets implements DatasetUses {

    @Override
    public List<String> of(Collection<Long> datasetVersionIds) {
        if (datasetVersionIds.isEmpty()) {
            return List.of();
        }
        return KernelVersionInput.<KernelVersionInput>list("datasetVersionId in ?1 order by versionId", datasetVersionIds).stream()
                .map(i -> KernelVersion.<KernelVersion>findById(i.versionId))
                .map(v -> "kernel " + v.kernel.ref() + " version " + v.number)
                .distinct().toList();
    }
}
