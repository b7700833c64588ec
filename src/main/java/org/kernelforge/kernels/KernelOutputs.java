package org.kernelforge.kernels;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.kernelforge.storage.StoredFile;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What other features may read of kernels' runs: versions that ran to completion and their output files, as
 * records. A version has outputs only if it ran (Save &amp; Run All) and completed.
 */
@ApplicationScoped
public class KernelOutputs {

    private final KernelQueries queries;

    KernelOutputs(KernelQueries queries) {
        this.queries = queries;
    }

    /** A version that ran to completion: its kernel's "owner/slug" and its number. */
    public record CompletedVersion(String kernelRef, long id, int number) {
    }

    /** The kernel "owner/slug" if that user owns it, spelled as stored. */
    @Transactional
    public Optional<String> ownKernel(long ownerId, String kernelRef) {
        String[] ref = kernelRef.strip().split("/");
        return ref.length != 2 ? Optional.empty() : Kernel.findByRef(ownerId, ref[1])
                .filter(k -> k.ownerName.equals(ref[0])).map(Kernel::ref);
    }

    /** Version {@code number} of the kernel, if it ran to completion. */
    @Transactional
    public Optional<CompletedVersion> completed(String kernelRef, int number) {
        String[] ref = kernelRef.split("/");
        return ref.length != 2 ? Optional.empty() : queries.byRef(ref[0], ref[1])
                .flatMap(k -> ranToCompletion(k, number)).map(KernelOutputs::completedVersion);
    }

    @Transactional
    public Optional<StoredFile> outputFile(long versionId, String path) {
        return KernelVersionOutput.byPath(versionId, path).map(KernelOutputs::stored);
    }

    /** When the version's outputs were made: its finish, or its commit for a version that never ran. */
    @Transactional
    public Instant outputsTime(long versionId) {
        return KernelVersion.<KernelVersion>findById(versionId).outputsTime();
    }

    /** The number of each of these versions, by version id, in one query. */
    @Transactional
    public Map<Long, Integer> versionNumbers(Collection<Long> versionIds) {
        if (versionIds.isEmpty()) {
            return Map.of();
        }
        return KernelVersion.<KernelVersion>list("id in ?1", versionIds).stream()
                .collect(Collectors.toMap(v -> v.id, v -> v.number));
    }

    /** The kernel's latest version that ran to completion. */
    static Optional<KernelVersion> latestRanToCompletion(Kernel kernel) {
        return KernelVersion.find("kernel = ?1 and status = ?2 and mode = ?3 order by number desc", kernel,
                VersionStatus.COMPLETE, CommitMode.RUN.id()).firstResultOptional();
    }

    static Optional<KernelVersion> ranToCompletion(Kernel kernel, int number) {
        return KernelVersion.byNumber(kernel, number)
                .filter(v -> v.state() == VersionStatus.COMPLETE && CommitMode.RUN.id().equals(v.mode));
    }

    static StoredFile stored(KernelVersionOutput output) {
        return new StoredFile(output.path, output.sha256, output.size);
    }

    private static CompletedVersion completedVersion(KernelVersion version) {
        return new CompletedVersion(version.kernel.ref(), version.id, version.number);
    }
}
