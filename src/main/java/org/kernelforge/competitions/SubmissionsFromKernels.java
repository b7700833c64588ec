package org.kernelforge.competitions;

import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.kernels.KernelUses;

import java.util.Collection;
import java.util.List;

/** Submissions made from a kernel version's output: the kernel cannot be deleted from under them. */
@ApplicationScoped
public class SubmissionsFromKernels implements KernelUses {

    @Override
    public List<String> of(Collection<Long> kernelVersionIds) {
        if (kernelVersionIds.isEmpty()) {
            return List.of();
        }
        return Submission.<Submission>list("kernelVersionId in ?1 order by id", kernelVersionIds).stream()
                .map(s -> Competition.<Competition>findById(s.competitionId))
                .map(c -> "submissions to competition " + c.slug).distinct().toList();
    }
}
