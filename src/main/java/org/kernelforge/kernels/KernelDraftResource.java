package org.kernelforge.kernels;

import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.kernelforge.kernels.KernelDrafts.Draft;
import org.kernelforge.kernels.KernelDrafts.DraftRequest;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.platform.UniqueViolations;

/**
 * The editor's unsaved work on a kernel, saved as its owner types: only the owner sees it (404 for anyone else).
 * PUT and DELETE take JSON only, so another site cannot send them with the owner's cookie without a CORS
 * preflight, which this server never grants (the session cookie is SameSite=Lax as well).
 */
@Path("/api/kernels/{owner}/{slug}/draft")
public class KernelDraftResource {

    private final KernelDrafts drafts;

    public KernelDraftResource(KernelDrafts drafts) {
        this.drafts = drafts;
    }

    @GET
    public Draft get(@PathParam("owner") String owner, @PathParam("slug") String slug) {
        return drafts.mine(owner, slug).orElseThrow(() ->
                ProblemException.notFound("There is no draft of '" + owner + "/" + slug + "' that you can see"));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Draft put(@PathParam("owner") String owner, @PathParam("slug") String slug, @Valid DraftRequest draft) {
        if (draft == null) {
            throw ProblemException.badRequest("source", "Send the draft as JSON: {source, settings}");
        }
        return UniqueViolations.retried(() -> drafts.save(owner, slug, draft));
    }

    @DELETE
    public Response delete(@PathParam("owner") String owner, @PathParam("slug") String slug) {
        drafts.discard(owner, slug);
        return Response.noContent().build();
    }
}
