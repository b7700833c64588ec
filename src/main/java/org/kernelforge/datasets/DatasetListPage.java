package org.kernelforge.datasets;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestQuery;
import org.kernelforge.datasets.DatasetViews.DatasetSummary;
import org.kernelforge.identity.Account;
import org.kernelforge.platform.Page;
import org.kernelforge.identity.CurrentUser;

/** The dataset list with search (the results alone for htmx), and the "New dataset" form. */
@Path("/datasets")
@Produces(MediaType.TEXT_HTML)
public class DatasetListPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(Page<DatasetSummary> page, String search);

        static native TemplateInstance list$results(Page<DatasetSummary> page, String search);

        static native TemplateInstance create(Account owner);
    }

    private final DatasetQueries queries;
    private final CurrentUser current;

    public DatasetListPage(DatasetQueries queries, CurrentUser current) {
        this.queries = queries;
        this.current = current;
    }

    @GET
    public TemplateInstance list(@RestQuery String search, @RestQuery Integer page, @HeaderParam("HX-Request") String htmx) {
        Page<DatasetSummary> found = queries.list(search, null, page == null ? 1 : Math.max(1, page), 20);
        String q = search == null ? "" : search;
        return htmx != null ? Templates.list$results(found, q) : Templates.list(found, q);
    }

    @GET
    @Path("/new")
    public TemplateInstance create() {
        return Templates.create(current.require());
    }
}
