package org.kernelforge.kernels;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestQuery;
import org.kernelforge.kernels.KernelViews.SourceDiff;

/** The difference between two versions' sources, line by line (scripts) or cell by cell (notebooks), as the API computes it. */
@Path("/kernels/{owner}/{slug}/diff")
@Produces(MediaType.TEXT_HTML)
public class KernelDiffPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance diff(String ref, SourceDiff diff);
    }

    private final KernelVersionLookup lookup;
    private final KernelReads reads;
    private final ObjectMapper json;

    public KernelDiffPage(KernelVersionLookup lookup, KernelReads reads, ObjectMapper json) {
        this.lookup = lookup;
        this.reads = reads;
        this.json = json;
    }

    @GET
    public TemplateInstance diff(@PathParam("owner") String owner, @PathParam("slug") String slug, @RestQuery String a,
                                 @RestQuery String b) {
        KernelVersionLookup.Found left = lookup.visible(owner, slug, a == null ? "1" : a);
        KernelVersionLookup.Found right = lookup.visible(owner, slug, b == null ? "latest" : b);
        KernelType type = left.type() == right.type() ? left.type() : KernelType.SCRIPT;
        SourceDiff diff = SourceDiffs.diff(left.number(), reads.bytes(left.sourceSha256()), right.number(),
                reads.bytes(right.sourceSha256()), type, json);
        return Templates.diff(owner + "/" + slug, diff);
    }
}
