package org.kernelforge.kernels;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.kernelforge.datasets.CsvPreview;
import org.kernelforge.identity.Account;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.kernels.KernelViews.ForkRequest;
import org.kernelforge.kernels.KernelViews.KernelDetail;
import org.kernelforge.kernels.KernelViews.VersionView;
import org.kernelforge.web.Csrf;

import java.net.URI;

/**
 * A kernel version's page: live state (htmx polling of {@code .../live}), log (SSE of {@link LogLineView}s), rendered notebook,
 * outputs with previews, inputs, image and fingerprint, version history; and "Copy &amp; Edit".
 */
@Path("/kernels/{owner}/{slug}")
@Produces(MediaType.TEXT_HTML)
public class KernelVersionPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance version(KernelDetail kernel, VersionLive live, boolean canEdit);

        static native TemplateInstance version$live(VersionLive live);

        static native TemplateInstance unsaved(KernelDetail kernel, boolean canEdit);
    }

    private final KernelReads reads;
    private final KernelQueries queries;
    private final KernelVersionLookup lookup;
    private final KernelForks forks;
    private final CsvPreview previews;
    private final RunQueue queue;
    private final LogReader logs;
    private final CurrentUser current;
    private final Csrf csrf;
    private final HttpServerRequest request;
    private final KernelSharing sharing;

    public KernelVersionPage(KernelReads reads, KernelQueries queries, KernelVersionLookup lookup, KernelForks forks,
                             CsvPreview previews, RunQueue queue, LogReader logs, CurrentUser current, Csrf csrf,
                             HttpServerRequest request, KernelSharing sharing) {
        this.sharing = sharing;
        this.reads = reads;
        this.queries = queries;
        this.lookup = lookup;
        this.forks = forks;
        this.previews = previews;
        this.queue = queue;
        this.logs = logs;
        this.current = current;
        this.csrf = csrf;
        this.request = request;
    }

    @GET
    public TemplateInstance latest(@PathParam("owner") String owner, @PathParam("slug") String slug, @RestQuery String preview) {
        Kernel kernel = queries.visible(owner, slug);
        if (kernel.currentVersion == 0) {
            return Templates.unsaved(reads.detail(owner, slug), current.canAct(kernel.ownerId));
        }
        return version(owner, slug, "latest", preview, null);
    }

    @GET
    @Path("/versions/{n}")
    public TemplateInstance version(@PathParam("owner") String owner, @PathParam("slug") String slug, @PathParam("n") String n,
                                    @RestQuery String preview, @RestQuery("outputs_after") String outputsAfter) {
        Kernel kernel = queries.visible(owner, slug);
        return Templates.version(reads.detail(owner, slug), live(owner, slug, n, preview, outputsAfter), current.canAct(kernel.ownerId));
    }

    /** The log as the page shows it: every line so far, then new ones until the run ends (the same for a finished run). */
    @GET
    @Path("/versions/{n}/log-lines")
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<LogLineView> logLines(@PathParam("owner") String owner, @PathParam("slug") String slug, @PathParam("n") String n) {
        return logs.followUntilRunElsewhere(lookup.visible(owner, slug, n).id()).map(LogLineView::of);
    }

    /** The changing part of the page, polled by htmx until the version is over. */
    @GET
    @Path("/versions/{n}/live")
    public TemplateInstance live(@PathParam("owner") String owner, @PathParam("slug") String slug, @PathParam("n") String n) {
        return Templates.version$live(live(owner, slug, n, null, null));
    }

    @POST
    @Path("/fork")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response fork(@PathParam("owner") String owner, @PathParam("slug") String slug, @RestForm(Csrf.FIELD) String token) {
        csrf.verify(request, token);
        Account me = current.require();
        Kernel copy = forks.fork(owner, slug, new ForkRequest(freeSlug(me.id(), slug), null));
        return Response.seeOther(URI.create("/kernels/" + me.username() + "/" + copy.slug + "/edit")).build();
    }

    /** The owner's visibility switch: public or private, without a new version. */
    @POST
    @Path("/visibility")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response visibility(@PathParam("owner") String owner, @PathParam("slug") String slug,
                               @RestForm boolean isPrivate, @RestForm(Csrf.FIELD) String token) {
        csrf.verify(request, token);
        sharing.visibility(owner, slug, isPrivate);
        return Response.seeOther(URI.create("/kernels/" + owner + "/" + slug)).build();
    }

    /** The owner's delete, after the confirmation on the page; a refusal (409) names what uses the kernel. */
    @POST
    @Path("/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@PathParam("owner") String owner, @PathParam("slug") String slug, @RestForm(Csrf.FIELD) String token) {
        csrf.verify(request, token);
        sharing.delete(owner, slug);
        return Response.seeOther(URI.create("/kernels?show=mine")).build();
    }

    @POST
    @Path("/versions/{n}/cancel")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response cancel(@PathParam("owner") String owner, @PathParam("slug") String slug, @PathParam("n") String n,
                           @RestForm(Csrf.FIELD) String token) {
        csrf.verify(request, token);
        KernelVersionLookup.Found v = lookup.writable(owner, slug, n);
        queue.cancel(v.id());
        return Response.seeOther(URI.create("/kernels/" + owner + "/" + slug + "/versions/" + v.number())).build();
    }

    private VersionLive live(String owner, String slug, String n, String preview, String outputsAfter) {
        KernelVersionLookup.Found found = lookup.visible(owner, slug, n);
        VersionView view = reads.version(owner, slug, String.valueOf(found.number()));
        boolean canEdit = current.canAct(queries.visible(owner, slug).ownerId);
        return VersionLive.of(owner, slug, found.id(), view, found.type() == KernelType.NOTEBOOK, preview, outputsAfter,
                previews, canEdit);
    }

    private static String freeSlug(long ownerId, String slug) {
        String candidate = slug;
        for (int i = 2; Kernel.findByRef(ownerId, candidate).isPresent(); i++) {
            String suffix = "-" + i;
            candidate = (slug.length() + suffix.length() > 50 ? slug.substring(0, 50 - suffix.length()) : slug) + suffix;
        }
        return candidate;
    }
}
