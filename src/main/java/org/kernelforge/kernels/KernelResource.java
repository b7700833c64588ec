package org.kernelforge.kernels;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.kernelforge.kernels.KernelViews.ForkRequest;
import org.kernelforge.kernels.KernelViews.KernelDetail;
import org.kernelforge.kernels.KernelViews.KernelSummary;
import org.kernelforge.platform.Page;
import org.kernelforge.kernels.KernelViews.PushResponse;
import org.kernelforge.platform.PlatformConfig;
import org.kernelforge.platform.UniqueViolations;

import java.net.URI;

/** Kernels: push (create or update, and commit a version), list, read, fork. */
@Path("/api/kernels")
public class KernelResource {

    private final KernelCommits commits;
    private final KernelForks forks;
    private final KernelReads reads;
    private final RunQueue queue;
    private final PlatformConfig platform;
    private final KernelSharing sharing;
    private final KernelQueries queries;

    public KernelResource(KernelCommits commits, KernelForks forks, KernelReads reads, RunQueue queue, PlatformConfig platform,
                          KernelSharing sharing, KernelQueries queries) {
        this.sharing = sharing;
        this.queries = queries;
        this.commits = commits;
        this.forks = forks;
        this.reads = reads;
        this.queue = queue;
        this.platform = platform;
    }

    @POST
    @Path("/{owner}/{slug}/versions")
    public Response push(@PathParam("owner") String owner, @PathParam("slug") String slug, @Valid PushRequest push) {
        // racing first pushes: the one that loses the kernel insert runs again and adds its version to that kernel
        KernelVersion version = UniqueViolations.retried(() -> commits.commit(owner, slug, push));
        queue.wake();
        String api = "/api/kernels/" + owner + "/" + slug + "/versions/" + version.number;
        return Response.accepted(new PushResponse(owner + "/" + slug, version.number, version.status,
                        platform.publicUrl() + "/kernels/" + owner + "/" + slug + "/versions/" + version.number))
                .location(URI.create(api)).build();
    }

    @GET
    public Page<KernelSummary> list(@QueryParam("search") String search, @QueryParam("owner") String owner,
                                    @QueryParam("page") Integer page, @QueryParam("pageSize") Integer pageSize) {
        return reads.list(search, owner, page, pageSize);
    }

    @GET
    @Path("/{owner}/{slug}")
    public KernelDetail get(@PathParam("owner") String owner, @PathParam("slug") String slug) {
        return reads.detail(owner, slug);
    }

    /** Changes what does not need a new version: {"is_private": true|false}. */
    @PATCH
    @Path("/{owner}/{slug}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = KernelPatch.class)))
    public Response patch(@PathParam("owner") String owner, @PathParam("slug") String slug, JsonNode body) {
        queries.writable(owner, slug); // who may change it is answered before what the body says
        sharing.visibility(owner, slug, KernelPatch.read(body).isPrivate());
        return Response.noContent().build();
    }

    /** Deletes the kernel and its versions; 409 when another kernel's version or a submission uses one of them. */
    @DELETE
    @Path("/{owner}/{slug}")
    public Response delete(@PathParam("owner") String owner, @PathParam("slug") String slug) {
        sharing.delete(owner, slug);
        return Response.noContent().build();
    }

    @POST
    @Path("/{owner}/{slug}/fork")
    public Response fork(@PathParam("owner") String owner, @PathParam("slug") String slug, ForkRequest request) {
        Kernel copy = forks.fork(owner, slug, request);
        return Response.created(URI.create("/api/kernels/" + copy.ref())).entity(reads.detail(copy.ownerName, copy.slug)).build();
    }
}
