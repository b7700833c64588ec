package org.kernelforge.kernels;

import io.quarkus.qute.TemplateExtension;
import org.kernelforge.datasets.CsvPreview;
import org.kernelforge.datasets.DatasetViews.Preview;
import org.kernelforge.kernels.KernelViews.VersionView;
import org.kernelforge.storage.StoredFile;
import org.kernelforge.web.FileTree;
import org.kernelforge.web.Formats;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The part of a version page that changes while it runs: its state in words, and once it is over the rendered
 * notebook and the output files (with a preview of one of them).
 */
public record VersionLive(String api, String page, VersionView version, boolean notebook, List<FileTree.Row> outputs,
                          String previewPath, String previewKind, Preview preview, boolean canCancel,
                          String kernelRef, boolean canSubmit) {

    static VersionLive of(String owner, String slug, long versionId, VersionView v, boolean notebook, String previewPath,
                          CsvPreview previews, boolean canEdit) {
        String api = "/api/kernels/" + owner + "/" + slug + "/versions/" + v.version();
        String page = "/kernels/" + owner + "/" + slug + "/versions/" + v.version();
        List<KernelVersionOutput> stored = v.status().isFinal()
                ? KernelVersionOutput.listFor(versionId) : List.of();
        List<FileTree.Row> rows = FileTree.of(stored.stream().map(o -> new FileTree.Entry(o.path, o.size)).toList());
        String chosen = previewPath;
        if (chosen == null) {
            // a table first, else a picture
            chosen = stored.stream().map(o -> o.path).filter(p -> "csv".equals(kindOf(p))).findFirst()
                    .or(() -> stored.stream().map(o -> o.path).filter(p -> kindOf(p) != null).findFirst()).orElse(null);
        }
        String kind = chosen == null ? null : kindOf(chosen);
        Preview preview = null;
        if ("csv".equals(kind)) {
            String path = chosen;
            preview = stored.stream().filter(o -> o.path.equals(path)).findFirst()
                    .map(o -> previews.preview(new StoredFile(o.path, o.sha256, o.size), 20)).orElse(null);
        }
        boolean over = v.status().isFinal();
        // "Submit to competition": the owner's complete run that read a competition's data and wrote files
        boolean canSubmit = canEdit && v.status() == VersionStatus.COMPLETE && CommitMode.RUN.id().equals(v.mode()) && !stored.isEmpty()
                && v.inputs().stream().anyMatch(i -> ResolvedInput.COMPETITION.equals(i.kind()));
        return new VersionLive(api, page, v, notebook, rows, kind == null ? null : chosen, kind, preview, canEdit && !over,
                owner + "/" + slug, canSubmit);
    }

    /** "owner/slug/3" (a version's ref) -> the address of its page. */
    @TemplateExtension
    static String versionPath(String ref) {
        int slash = ref.lastIndexOf('/');
        return "/kernels/" + ref.substring(0, slash) + "/versions/" + ref.substring(slash + 1);
    }

    static String kindOf(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        if (p.endsWith(".csv")) {
            return "csv";
        }
        if (p.endsWith(".png") || p.endsWith(".jpg") || p.endsWith(".jpeg") || p.endsWith(".gif") || p.endsWith(".webp")) {
            return "image";
        }
        return null;
    }

    public boolean done() {
        return version.status().isFinal();
    }

    /** "running for 12 s", "3 versions ahead in the queue", ... */
    public String stateText() {
        Instant now = Instant.now();
        return switch (version.status()) {
            case QUEUED -> version.queuePosition() == null || version.queuePosition() == 0 ? "Queued: next to run"
                    : "Queued: " + version.queuePosition() + " ahead in the queue";
            case RUNNING -> "Running for " + Formats.span(Duration.between(version.startedAt() == null ? now : version.startedAt(), now));
            case COMPLETE -> "quick".equals(version.mode()) ? "Saved (Quick Save, not run)"
                    : version.startedAt() == null || version.finishedAt() == null ? "Complete"
                    : "Complete in " + Formats.span(Duration.between(version.startedAt(), version.finishedAt()));
            case CANCELLED -> "Cancelled";
            case ERROR -> "Error";
        };
    }
}
