package org.kernelforge.kernels;

import java.util.Collection;
import java.util.List;

/**
 * What outside kernels uses a kernel's versions, asked before the kernel is deleted: competitions implement it
 * (submissions made from a version's output), so a delete that would break them is refused instead.
 */
public interface KernelUses {

    /** Readable descriptions of what uses any of these kernel versions (by id), e.g. "a submission to titanic". */
    List<String> of(Collection<Long> kernelVersionIds);
}
