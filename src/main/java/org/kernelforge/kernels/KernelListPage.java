package org.kernelforge.kernels;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestQuery;
import org.kernelforge.identity.Account;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.kernels.KernelViews.KernelSummary;
import org.kernelforge.platform.Page;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The kernel list with search and filters (mine, public, by dataset, by competition), and "New kernel". */
@Path("/kernels")
@Produces(MediaType.TEXT_HTML)
public class KernelListPage {

    /** What the list is filtered by, as the form and the links carry it. */
    public record Filter(String search, String show, String dataset, String competition) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(Page<KernelSummary> page, Filter filter);

        static native TemplateInstance list$results(Page<KernelSummary> page, Filter filter);

        static native TemplateInstance create(String dataset, String competition);
    }

    private final KernelReads reads;
    private final CurrentUser current;

    public KernelListPage(KernelReads reads, CurrentUser current) {
        this.reads = reads;
        this.current = current;
    }

    @GET
    public TemplateInstance list(@RestQuery String search, @RestQuery String show, @RestQuery String dataset,
                                 @RestQuery String competition, @RestQuery Integer page, @HeaderParam("HX-Request") String htmx) {
        String me = current.get().map(u -> u.username()).orElse(null);
        String owner = "mine".equals(show) ? (me == null ? "-" : me) : null;
        Page<KernelSummary> found = reads.list(search, owner, "public".equals(show), dataset, competition, page == null ? 1 : page, 20);
        Filter filter = new Filter(search == null ? "" : search, show == null ? "all" : show, dataset == null ? "" : dataset,
                competition == null ? "" : competition);
        return htmx != null ? Templates.list$results(found, filter) : Templates.list(found, filter);
    }

    @GET
    @Path("/new")
    public TemplateInstance create(@RestQuery String dataset, @RestQuery String competition) {
        current.require();
        return Templates.create(dataset == null ? "" : dataset, competition == null ? "" : competition);
    }

    /** From the "New kernel" form to the editor of a kernel that does not exist yet; its first version creates it. */
    @GET
    @Path("/start")
    public Response start(@RestQuery String title, @RestQuery String type, @RestQuery String dataset,
                          @RestQuery String competition) {
        Account me = current.require();
        String name = title == null || title.isBlank() ? "Untitled kernel" : title.strip();
        String slug = freeSlug(me.id(), name);
        String kind = "script".equals(type) ? "script" : "notebook";
        String query = "?type=" + kind + "&title=" + enc(name) + (dataset == null || dataset.isBlank() ? "" : "&dataset=" + enc(dataset))
                + (competition == null || competition.isBlank() ? "" : "&competition=" + enc(competition));
        return Response.seeOther(URI.create("/kernels/" + me.username() + "/" + slug + "/edit" + query)).build();
    }

    private static String freeSlug(long ownerId, String title) {
        String base = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (base.length() < 5) {
            base = (base.isEmpty() ? "" : base + "-") + "kernel";
        }
        base = base.length() > 44 ? base.substring(0, 44).replaceAll("-+$", "") : base;
        String slug = base;
        for (int i = 2; Kernel.findByRef(ownerId, slug).isPresent(); i++) {
            slug = base + "-" + i;
        }
        return slug;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
