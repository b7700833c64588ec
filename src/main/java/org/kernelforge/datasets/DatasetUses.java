package org.kernelforge.datasets;

import java.util.Collection;
import java.util.List;

/**
 * What uses a dataset's versions, asked before the dataset is deleted: features above datasets (kernels mounting a
 * version, competitions built on one) implement it, so a delete that would break them is refused instead.
 */
public interface DatasetUses {

    /** Readable descriptions of what uses any of these dataset versions (by id), e.g. "kernel alice/eda version 3". */
    List<String> of(Collection<Long> datasetVersionIds);
}
