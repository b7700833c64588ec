package org.kernelforge.kernels;

import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.datasets.DatasetCatalog;
import org.kernelforge.datasets.DatasetCatalog.PinnedVersion;
import org.kernelforge.datasets.DatasetCatalog.ReadableDataset;
import org.kernelforge.platform.ProblemException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pins a push's data sources to exact versions: "owner/slug" means the version that is latest now.
 * A source the caller may not read is refused with the field and the ref named.
 */
@ApplicationScoped
class InputResolver {

    private static final Pattern REF = Pattern.compile("([a-z0-9][a-z0-9_-]{2,38})/([a-z0-9-]{3,50})(?:/(\\d{1,9}))?");

    private final DatasetCatalog datasets;
    private final KernelQueries kernels;
    private final CompetitionInputs competitions;

    InputResolver(DatasetCatalog datasets, KernelQueries kernels, CompetitionInputs competitions) {
        this.datasets = datasets;
        this.kernels = kernels;
        this.competitions = competitions;
    }

    List<ResolvedInput> resolve(List<String> datasetSources, List<String> competitionSources, List<String> kernelSources) {
        Map<String, ResolvedInput> byMount = new LinkedHashMap<>();
        for (String source : datasetSources) {
            add(byMount, dataset(source), "dataset_sources");
        }
        for (String source : competitionSources) {
            add(byMount, competition(source), "competition_sources");
        }
        for (String source : kernelSources) {
            add(byMount, kernelOutput(source), "kernel_sources");
        }
        return new ArrayList<>(byMount.values());
    }

    private ResolvedInput dataset(String source) {
        Matcher m = parse(source, "dataset_sources");
        ReadableDataset dataset = datasets.readable(m.group(1), m.group(2))
                .orElseThrow(() -> unreadable("dataset_sources", "dataset", source));
        int number = m.group(3) == null ? dataset.latestVersion() : Integer.parseInt(m.group(3));
        PinnedVersion version = datasets.version(m.group(1), m.group(2), number)
                .orElseThrow(() -> ProblemException.badRequest("dataset_sources", "The dataset '" + dataset.ref()
                        + "' has no version " + m.group(3) + "; its versions are 1 to " + dataset.latestVersion()));
        return new ResolvedInput(dataset.slug(), ResolvedInput.DATASET, dataset.ref(), version.number(), version.id(), null);
    }

    private ResolvedInput competition(String source) {
        String slug = source == null ? "" : source.strip();
        CompetitionInputs.PublicData data = competitions.find(slug).orElseThrow(() -> ProblemException.badRequest(
                "competition_sources", "There is no competition '" + source + "'; name it by its slug"));
        return new ResolvedInput(data.slug(), ResolvedInput.COMPETITION, data.slug(), data.datasetVersionNumber(),
                data.datasetVersionId(), null);
    }

    private ResolvedInput kernelOutput(String source) {
        Matcher m = parse(source, "kernel_sources");
        Kernel kernel;
        try {
            kernel = kernels.visible(m.group(1), m.group(2));
        } catch (ProblemException e) {
            throw unreadable("kernel_sources", "kernel", source);
        }
        KernelVersion version;
        if (m.group(3) == null) {
            version = KernelOutputs.latestRanToCompletion(kernel)
                    .orElseThrow(() -> ProblemException.badRequest("kernel_sources", "The kernel '" + kernel.ref()
                            + "' has no version that ran to completion yet, so it has no output to read"));
        } else {
            int n = Integer.parseInt(m.group(3));
            version = KernelOutputs.ranToCompletion(kernel, n)
                    .orElseThrow(() -> ProblemException.badRequest("kernel_sources", "Version " + n + " of the kernel '"
                            + kernel.ref() + "' does not exist or did not complete, so it has no output to read"));
        }
        return new ResolvedInput(kernel.slug, ResolvedInput.KERNEL, kernel.ref(), version.number, null, version.id);
    }

    private static Matcher parse(String source, String field) {
        Matcher m = REF.matcher(source == null ? "" : source.trim());
        if (!m.matches()) {
            throw ProblemException.badRequest(field, "'" + source + "' is not a source: write it as \"owner/slug\" or \"owner/slug/N\"");
        }
        return m;
    }

    private static ProblemException unreadable(String field, String what, String source) {
        return ProblemException.badRequest(field, "There is no " + what + " '" + source + "' that you can read");
    }

    private static void add(Map<String, ResolvedInput> byMount, ResolvedInput input, String field) {
        ResolvedInput clash = byMount.putIfAbsent(input.mountName(), input);
        if (clash != null) {
            throw ProblemException.badRequest(field, "'" + input.ref() + "' and '" + clash.ref()
                    + "' would both be mounted at /kaggle/input/" + input.mountName() + "; keep one of them");
        }
    }
}
