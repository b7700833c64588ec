package org.kernelforge.home;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.kernelforge.datasets.DatasetQueries;
import org.kernelforge.datasets.DatasetViews.DatasetSummary;
import org.kernelforge.identity.Account;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.kernels.KernelReads;
import org.kernelforge.kernels.KernelViews.KernelSummary;

import java.util.List;

/** The home page: recent public kernels and datasets, and the signed-in user's own. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class HomePage {

    private static final int RECENT = 8;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(List<KernelSummary> kernels, List<DatasetSummary> datasets,
                                            List<KernelSummary> myKernels, List<DatasetSummary> myDatasets);
    }

    private final CurrentUser current;
    private final DatasetQueries datasets;
    private final KernelReads kernels;

    public HomePage(CurrentUser current, DatasetQueries datasets, KernelReads kernels) {
        this.current = current;
        this.datasets = datasets;
        this.kernels = kernels;
    }

    @GET
    public TemplateInstance home() {
        List<KernelSummary> recentKernels = kernels.list(null, null, 1, RECENT * 2).items().stream()
                .filter(k -> !k.isPrivate()).limit(RECENT).toList();
        List<DatasetSummary> recentDatasets = datasets.list(null, null, 1, RECENT * 2).items().stream()
                .filter(d -> !d.isPrivate()).limit(RECENT).toList();
        String me = current.get().map(Account::username).orElse(null);
        List<KernelSummary> mine = me == null ? List.of() : kernels.list(null, me, 1, RECENT).items();
        List<DatasetSummary> myData = me == null ? List.of() : datasets.list(null, me, 1, RECENT).items();
        return Templates.home(recentKernels, recentDatasets, mine, myData);
    }
}
