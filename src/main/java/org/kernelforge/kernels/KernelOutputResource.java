package org.kernelforge.kernels;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.core.Response;
import org.kernelforge.kernels.KernelViews.OutputFile;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.runs.FileNames;
import org.kernelforge.runs.RunnerScripts;
import org.kernelforge.storage.FileResponses;
import org.kernelforge.storage.StoredFile;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A version's output snapshot and its rendered notebook. */
@Path("/api/kernels/{owner}/{slug}/versions/{n}")
public class KernelOutputResource {

    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 10000;

    private final KernelVersionLookup lookup;
    private final FileResponses files;
    private final KernelReads reads;

    public KernelOutputResource(KernelVersionLookup lookup, FileResponses files, KernelReads reads) {
        this.lookup = lookup;
        this.files = files;
        this.reads = reads;
    }

    /**
     * One page of the output files in path order: {@code limit} of them (default {@value #DEFAULT_LIMIT}, at most
     * {@value #MAX_LIMIT}) after the path {@code after}. The response's {@code Link: <...>; rel="next"} header
     * addresses the next page while there is one; {@code X-Total-Count} counts all files.
     */
    @GET
    @Path("/output")
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(@PathParam("owner") String owner, @PathParam("slug") String slug, @PathParam("n") String n,
                         @QueryParam("after") String after, @QueryParam("limit") String limit) {
        KernelVersionLookup.Found v = lookup.visible(owner, slug, n);
        int size = pageSize(limit);
        List<KernelVersionOutput> page = KernelVersionOutput.page(v.id(), after, size + 1);
        List<OutputFile> shown = page.stream().limit(size).map(o -> new OutputFile(o.path, o.size, o.sha256)).toList();
        Response.ResponseBuilder answer = Response.ok(shown).header("X-Total-Count", KernelVersionOutput.countFor(v.id()));
        if (page.size() > size) {
            String next = "/api/kernels/" + owner + "/" + slug + "/versions/" + n + "/output?limit=" + size + "&after="
                    + URLEncoder.encode(shown.get(size - 1).path(), StandardCharsets.UTF_8);
            answer.header("Link", "<" + next + ">; rel=\"next\"");
        }
        return answer.build();
    }

    /**
     * One output file. The path is the raw bytes of its name, percent-encoded ({@code %FF-latin1.bin}), as the
     * version page links it; the path the listing shows ({@code \xff-latin1.bin}) finds it too.
     */
    @GET
    @Path("/output/{path: .+}")
    public Response file(@PathParam("owner") String owner, @PathParam("slug") String slug, @PathParam("n") String n,
                         @Encoded @PathParam("path") String encodedPath, @HeaderParam("Range") String range,
                         @HeaderParam("If-None-Match") String ifNoneMatch, @HeaderParam("If-Range") String ifRange) {
        KernelVersionLookup.Found v = lookup.visible(owner, slug, n);
        String shown = URLDecoder.decode(encodedPath.replace("+", "%2B"), StandardCharsets.UTF_8);
        KernelVersionOutput output = KernelVersionOutput.byPath(v.id(), FileNames.fromUrlPath(encodedPath))
                .or(() -> KernelVersionOutput.byPath(v.id(), shown))
                .orElseThrow(() -> ProblemException.notFound("Version " + v.number() + " of '" + owner + "/" + slug
                        + "' has no output file '" + shown + "'"));
        return files.file(KernelOutputs.stored(output), v.outputsTime(), range, ifNoneMatch, ifRange);
    }

    @GET
    @Path("/output.zip")
    public Response zip(@PathParam("owner") String owner, @PathParam("slug") String slug, @PathParam("n") String n) {
        KernelVersionLookup.Found v = lookup.visible(owner, slug, n);
        return files.zip(slug + "-v" + v.number() + "-output.zip", v.outputsTime(), stored(v.id()));
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

    private static int pageSize(String limit) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit.strip());
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ProblemException.badRequest("limit", "limit must be a whole number from 1 to " + MAX_LIMIT + ", not '" + limit + "'");
    }

    private static List<StoredFile> stored(long versionId) {
        return KernelVersionOutput.listFor(versionId).stream().map(o -> new StoredFile(o.path, o.sha256, o.size)).toList();
    }
}
