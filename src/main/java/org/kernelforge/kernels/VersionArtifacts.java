package org.kernelforge.kernels;

import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.kernelforge.platform.ReplicaStreams;
import org.kernelforge.storage.StoredFile;

import java.util.List;

/**
 * What other features may read of a version the caller can see, as records: its source, its output files and its
 * log. A private kernel of someone else is not found, as everywhere.
 */
@ApplicationScoped
public class VersionArtifacts {

    /** A version's source: the script's text or the .ipynb document, with the type and language it was committed with. */
    public record Source(String slug, int number, KernelType type, String language, byte[] bytes) {
    }

    /** A version's output files and its number ({@code n} may be "latest"). */
    public record Outputs(long versionId, int number, List<StoredFile> files) {
    }

    private final KernelVersionLookup lookup;
    private final KernelReads reads;
    private final LogReader logs;

    VersionArtifacts(KernelVersionLookup lookup, KernelReads reads, LogReader logs) {
        this.lookup = lookup;
        this.reads = reads;
        this.logs = logs;
    }

    public Source source(String owner, String slug, String n) {
        KernelVersionLookup.Found v = lookup.visible(owner, slug, n);
        return new Source(v.kernelSlug(), v.number(), v.type(), v.language().id(), reads.bytes(v.sourceSha256()));
    }

    @Transactional
    public Outputs outputs(String owner, String slug, String n) {
        KernelVersionLookup.Found v = lookup.visible(owner, slug, n);
        List<StoredFile> files = KernelVersionOutput.listFor(v.id()).stream().map(KernelOutputs::stored).toList();
        return new Outputs(v.id(), v.number(), files);
    }

    public List<LogBook.Entry> log(String owner, String slug, String n) {
        return logs.read(lookup.visible(owner, slug, n).id());
    }

    /**
     * The log as it grows: every line so far, then each new one, ending when the version has finished; while another
     * replica runs it, from that replica, asked as the caller.
     */
    public Multi<LogBook.Entry> followLog(String owner, String slug, String n, ReplicaStreams.Caller caller) {
        KernelVersionLookup.Found v = lookup.visible(owner, slug, n);
        return logs.follow(v.id(), RunnerLog.of(owner, v, caller));
    }

}
