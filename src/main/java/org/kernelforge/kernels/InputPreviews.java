package org.kernelforge.kernels;

import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.datasets.DatasetCatalog;
import org.kernelforge.platform.ProblemException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The editor's data sidebar: each source is pinned as a commit would pin it (InputResolver, with the caller's
 * rights) and listed with its files; a source that a commit would refuse carries the same message, so one bad
 * source does not hide the others. No transaction around it: a refused source is an exception thrown through the
 * catalog's own transactions, which would mark a surrounding one for rollback.
 */
@ApplicationScoped
class InputPreviews {

    static final String MOUNT_ROOT = "/kaggle/input/";

    private final InputResolver resolver;
    private final DatasetCatalog datasets;

    InputPreviews(InputResolver resolver, DatasetCatalog datasets) {
        this.resolver = resolver;
        this.datasets = datasets;
    }

    List<InputPreview> preview(List<String> datasetSources, List<String> competitionSources, List<String> kernelSources) {
        List<InputPreview> previews = new ArrayList<>();
        Map<String, String> mounted = new HashMap<>();
        add(previews, mounted, ResolvedInput.DATASET, datasetSources, s -> resolver.resolve(List.of(s), List.of(), List.of()));
        add(previews, mounted, ResolvedInput.COMPETITION, competitionSources, s -> resolver.resolve(List.of(), List.of(s), List.of()));
        add(previews, mounted, ResolvedInput.KERNEL, kernelSources, s -> resolver.resolve(List.of(), List.of(), List.of(s)));
        return previews;
    }

    private void add(List<InputPreview> previews, Map<String, String> mounted, String kind, List<String> sources,
                     Function<String, List<ResolvedInput>> resolve) {
        for (String source : sources == null ? List.<String>of() : sources) {
            ResolvedInput input;
            try {
                input = resolve.apply(source).get(0);
            } catch (ProblemException refused) {
                previews.add(InputPreview.refused(kind, source, refused.getMessage()));
                continue;
            }
            String clash = mounted.putIfAbsent(input.mountName(), input.ref());
            if (clash != null) {
                previews.add(InputPreview.refused(kind, source, "'" + input.ref() + "' and '" + clash
                        + "' would both be mounted at " + MOUNT_ROOT + input.mountName() + "; keep one of them"));
                continue;
            }
            previews.add(new InputPreview(kind, source, input.ref(), input.version(), MOUNT_ROOT + input.mountName(),
                    files(input), null));
        }
    }

    private List<InputPreview.File> files(ResolvedInput input) {
        if (input.datasetVersionId() != null) {
            return datasets.files(input.datasetVersionId()).stream()
                    .map(f -> new InputPreview.File(f.path(), f.size())).toList();
        }
        return KernelVersionOutput.listFor(input.kernelVersionId()).stream()
                .map(f -> new InputPreview.File(f.path, f.size)).toList();
    }
}
