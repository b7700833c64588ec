package org.kernelforge.kernels;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.kernelforge.platform.ProblemException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What an owner does to a kernel as a whole, without a new version: change its visibility, delete it. */
@ApplicationScoped
public class KernelSharing {

    private static final int NAMED_USES = 10;

    private final KernelQueries queries;
    private final Instance<KernelUses> outsideUses;

    public KernelSharing(KernelQueries queries, @Any Instance<KernelUses> outsideUses) {
        this.queries = queries;
        this.outsideUses = outsideUses;
    }

    @Transactional
    public void visibility(String owner, String slug, boolean isPrivate) {
        Kernel kernel = locked(queries.writable(owner, slug));
        kernel.isPrivate = isPrivate;
        kernel.updatedAt = Instant.now();
    }

    /**
     * Deletes the kernel with its versions, inputs and outputs in one transaction (the database cascades), or refuses
     * with a 409 naming what uses a version: another kernel's version mounting its output, a competition submission
     * made from it; or a run still going. Blobs stay (others may share them; nothing collects them yet).
     */
    @Transactional
    public void delete(String owner, String slug) {
        Kernel kernel = locked(queries.writable(owner, slug));
        List<KernelVersion> versions = KernelVersion.listFor(kernel);
        if (versions.stream().anyMatch(v -> !v.status.isFinal())) {
            throw ProblemException.conflict(null, "The kernel '" + kernel.ref() + "' has a version queued or running; "
                    + "cancel it (or let it finish) before deleting the kernel.");
        }
        List<Long> ids = versions.stream().map(v -> v.id).toList();
        List<String> users = new ArrayList<>();
        if (!ids.isEmpty()) {
            KernelVersionInput.<KernelVersionInput>list("kernelVersionId in ?1 and versionId not in ?1 order by versionId", ids)
                    .stream().map(i -> KernelVersion.<KernelVersion>findById(i.versionId))
                    .map(v -> "kernel " + v.kernel.ref() + " version " + v.number).distinct().forEach(users::add);
            outsideUses.forEach(u -> users.addAll(u.of(ids)));
        }
        if (!users.isEmpty()) {
            throw ProblemException.conflict(null, "The kernel '" + kernel.ref() + "' cannot be deleted: its versions are used by "
                    + String.join(", ", users.subList(0, Math.min(NAMED_USES, users.size())))
                    + (users.size() > NAMED_USES ? " and " + (users.size() - NAMED_USES) + " more" : "")
                    + ". Make it private instead to hide it.");
        }
        Kernel.delete("id", kernel.id);
    }

    private static Kernel locked(Kernel kernel) {
        return Kernel.findById(kernel.id, LockModeType.PESSIMISTIC_WRITE);
    }
}
