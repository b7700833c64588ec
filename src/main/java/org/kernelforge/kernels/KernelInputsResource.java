package org.kernelforge.kernels;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestQuery;
import org.kernelforge.identity.Account;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.platform.ProblemException;

import java.util.List;

/**
 * What the kernel would find under /kaggle/input if it were committed with these sources (repeat each parameter
 * per source, "owner/slug" or "owner/slug/N"; competitions by slug): the editor's data sidebar reads it. Sources are
 * read with the caller's rights, as a push by the caller would read them.
 */
@Path("/api/kernels/{owner}/{slug}/inputs")
@Produces(MediaType.APPLICATION_JSON)
public class KernelInputsResource {

    private final CurrentUser current;
    private final KernelQueries queries;
    private final InputPreviews previews;

    KernelInputsResource(CurrentUser current, KernelQueries queries, InputPreviews previews) {
        this.current = current;
        this.queries = queries;
        this.previews = previews;
    }

    @GET
    public List<InputPreview> preview(@PathParam("owner") String owner, @PathParam("slug") String slug,
                                      @RestQuery("dataset_sources") List<String> datasetSources,
                                      @RestQuery("competition_sources") List<String> competitionSources,
                                      @RestQuery("kernel_sources") List<String> kernelSources) {
        Account me = current.require();
        // a kernel not created yet is previewed only in its future owner's name, as its editor is opened
        if (queries.byRef(owner, slug).isPresent()) {
            queries.visible(owner, slug);
        } else if (!me.username().equals(owner)) {
            throw ProblemException.notFound("There is no kernel '" + owner + "/" + slug + "' that you can see");
        }
        return previews.preview(datasetSources, competitionSources, kernelSources);
    }
}
