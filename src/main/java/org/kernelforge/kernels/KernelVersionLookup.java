package org.kernelforge.kernels;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.kernelforge.runs.Language;

import java.time.Instant;

/** Resolves a version address to the few facts a request needs, in a short transaction. */
@ApplicationScoped
public class KernelVersionLookup {

    public record Found(long id, int number, KernelType type, Language language, String sourceSha256, VersionStatus status,
                        String notebookSha256, String htmlSha256, String kernelSlug, Instant outputsTime) {
        static Found of(KernelVersion v) {
            return new Found(v.id, v.number, v.type(), v.language(), v.sourceSha256, v.state(), v.notebookSha256, v.notebookHtmlSha256,
                    v.kernel.slug, v.outputsTime());
        }
    }

    private final KernelQueries queries;

    public KernelVersionLookup(KernelQueries queries) {
        this.queries = queries;
    }

    @Transactional
    public Found visible(String owner, String slug, String n) {
        return Found.of(queries.version(queries.visible(owner, slug), n));
    }

    @Transactional
    public Found writable(String owner, String slug, String n) {
        return Found.of(queries.version(queries.writable(owner, slug), n));
    }
}
