package org.kernelforge.kernels;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.kernelforge.kernels.KernelViews.OutputFile;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.runs.RunnerScripts;
import org.kernelforge.storage.FileResponses;
import org.kernelforge.storage.StoredFile;

import java.time.Instant;
import java.util.List;

/** A version's output snapshot and its rendered notebook. */
@Path("/api/kernels/{owner}/{slug}/versions/{n}")
public class KernelOutputResource {

    private final KernelVersionLookup lookup;
    private final FileResponses files;
    private final KernelReads reads;

    public KernelOutputResource(KernelVersionLookup lookup, FileResponses files, KernelReads reads) {
        this.lookup = lookup;
        this.files = files;
        this.reads = reads;
    }

    @GET
    @Path("/output")
    public List<OutputFile> list(@PathParam("owner") String owner, @PathParam("slug") String slug, @PathParam("n") String n) {
        return KernelVersionOutput.listFor(lookup.visible(owner, slug, n).id()).stream()
                .map(o -> new OutputFile(o.path, o.size, o.sha256)).toList();
    }

    @GET
    @Path("/output/{path: .+}")
    public Response file(@PathParam("owner") String owner, @PathParam("slug") String slug, @PathParam("n") String n,
                         @PathParam("path") String path, @HeaderParam("Range") String range,
                         @HeaderParam("If-None-Match") String ifNoneMatch, @HeaderParam("If-Range") String ifRange) {
        KernelVersionLookup.Found v = lookup.visible(owner, slug, n);
        StoredFile file = stored(v.id()).stream().filter(f -> f.path().equals(path)).findFirst()
                .orElseThrow(() -> ProblemException.notFound("Version " + v.number() + " of '" + owner + "/" + slug
                        + "' has no output file '" + path + "'"));
        return files.file(file, range, ifNoneMatch, ifRange);
    }

    @GET
    @Path("/output.zip")
    public Response zip(@PathParam("owner") String owner, @PathParam("slug") String slug, @PathParam("n") String n) {
        KernelVersionLookup.Found v = lookup.visible(owner, slug, n);
        return files.zip(slug + "-v" + v.number() + "-output.zip", Instant.now(), stored(v.id()));
    }

    @GET
    @Path("/notebook.html")
    public Response notebook(@PathParam("owner") String owner, @PathParam("slug") String slug, @PathParam("n") String n) {
        KernelVersionLookup.Found v = lookup.visible(owner, slug, n);
        if (v.type() != KernelType.NOTEBOOK) {
            throw ProblemException.notFound("'" + owner + "/" + slug + "' is a script; only notebooks have a rendered notebook");
        }
        if (v.htmlSha256() == null) {
            throw ProblemException.notFound("Version " + v.number() + " has no rendered notebook"
                    + (v.status().isFinal() ? " (it did not run)" : " yet: it is " + v.status().id()));
        }
        return files.untrustedHtml(reads.bytes(v.htmlSha256()), RunnerScripts.notebookScriptSource());
    }

    /** The executed notebook as the run left it (outputs included), to open in Jupyter. */
    @GET
    @Path("/notebook.ipynb")
    public Response executedNotebook(@PathParam("owner") String owner, @PathParam("slug") String slug, @PathParam("n") String n) {
        KernelVersionLookup.Found v = lookup.visible(owner, slug, n);
        if (v.type() != KernelType.NOTEBOOK || v.notebookSha256() == null) {
            throw ProblemException.notFound("Version " + v.number() + " of '" + owner + "/" + slug + "' has no executed notebook"
                    + (v.type() != KernelType.NOTEBOOK ? " (it is a script)" : v.status().isFinal() ? " (it did not run)" : " yet"));
        }
        return Response.ok(reads.bytes(v.notebookSha256()), "application/x-ipynb+json")
                .header("Content-Disposition", "attachment; filename=\"" + slug + "-v" + v.number() + "-executed.ipynb\"")
                .build();
    }

    private static List<StoredFile> stored(long versionId) {
        return KernelVersionOutput.listFor(versionId).stream().map(o -> new StoredFile(o.path, o.sha256, o.size)).toList();
    }
}
