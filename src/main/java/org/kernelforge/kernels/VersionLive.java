package org.kernelforge.kernels;

import io.quarkus.qute.TemplateExtension;
import org.kernelforge.datasets.CsvPreview;
import org.kernelforge.datasets.DatasetViews.Preview;
import org.kernelforge.kernels.KernelViews.VersionView;
import org.kernelforge.runs.FileNames;
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
                          OutputPage outputPage, String previewPath, String previewKind, Preview preview, boolean canCancel,
                          String kernelRef, boolean canSubmit) {

    /** Output files the page lists at a time; the others are a link away (and all in the zip). */
    static final int OUTPUTS_SHOWN = 500;

    /**
     * Which of a version's files the page lists: from number {@code first} (from 1) to {@code last} of
     * {@code total}; {@code next} is the path to list after for the following ones, null at the end.
     */
    public record OutputPage(long first, long last, long total, String next) {
        public boolean partial() {
            return first > 1 || next != null;
        }

        /** "Files 501–1,000 of 67,602". */
        public String summary() {
            return String.format(Locale.ROOT, "Files %,d–%,d of %,d", first, last, total);
        }
    }

    static VersionLive of(String owner, String slug, long versionId, VersionView v, boolean notebook, String previewPath,
                          String outputsAfter, CsvPreview previews, boolean canEdit) {
        String api = "/api/kernels/" + owner + "/" + slug + "/versions/" + v.version();
        String page = "/kernels/" + owner + "/" + slug + "/versions/" + v.version();
        List<KernelVersionOutput> fetched = v.status().isFinal()
                ? KernelVersionOutput.page(versionId, outputsAfter, OUTPUTS_SHOWN + 1) : List.of();
        List<KernelVersionOutput> stored = fetched.subList(0, Math.min(fetched.size(), OUTPUTS_SHOWN));
        String next = fetched.size() > OUTPUTS_SHOWN ? stored.get(OUTPUTS_SHOWN - 1).path : null;
        long first = outputsAfter == null ? 1 : KernelVersionOutput.countUpTo(versionId, outputsAfter) + 1;
        long total = v.outputCount() == null ? stored.size() : v.outputCount();
        OutputPage outputPage = new OutputPage(first, first + stored.size() - 1, total, next);
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
            preview = KernelVersionOutput.byPath(versionId, path)
                    .map(o -> previews.preview(new StoredFile(o.path, o.sha256, o.size), 20)).orElse(null);
        }
        boolean over = v.status().isFinal();
        // "Submit to competition": the owner's complete run that read a competition's data and wrote files
        boolean canSubmit = canEdit && v.status() == VersionStatus.COMPLETE && CommitMode.RUN.id().equals(v.mode()) && !stored.isEmpty()
                && v.inputs().stream().anyMatch(i -> ResolvedInput.COMPETITION.equals(i.kind()));
        return new VersionLive(api, page, v, notebook, rows, outputPage, kind == null ? null : chosen, kind, preview, canEdit && !over,
                owner + "/" + slug, canSubmit);
    }

    /** An output's shown path as the URL path that downloads it: the raw bytes of its name, percent-encoded. */
    @TemplateExtension
    static String urlPath(String shownPath) {
        return FileNames.urlPath(shownPath);
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

    /** "0.4 s", "12 s": how long capturing the output took. */
    public String captureTime() {
        Long millis = version.captureMillis();
        if (millis == null) {
            return null;
        }
        return millis < 10_000 ? String.format(Locale.ROOT, "%.1f s", millis / 1000.0) : Formats.span(Duration.ofMillis(millis));
    }

    public boolean done() {
        return version.status().isFinal();
    }

    /** "waiting: you already have 2 versions running; ", to its owner (canCancel), or nothing when it waits for a slot. */
    private String queueWaitText() {
        KernelViews.QueueWait wait = version.queueWait();
        if (wait == null) {
            return "";
        }
        String versions = wait.running() == 1 ? "1 version" : wait.running() + " versions";
        return (canCancel ? "waiting: you already have " : "waiting: its owner already has ") + versions + " running; ";
    }

    /** "running for 12 s", "3 versions ahead in the queue", ... */
    public String stateText() {
        Instant now = Instant.now();
        return switch (version.status()) {
            case QUEUED -> "Queued: " + queueWaitText() + (version.queuePosition() != null && version.queuePosition() > 0
                    ? version.queuePosition() + " ahead in the queue"
                    : version.queueWait() == null ? "next to run" : "next to run when one of them ends");
            case RUNNING -> "Running for " + Formats.span(Duration.between(version.startedAt() == null ? now : version.startedAt(), now));
            case COMPLETE -> "quick".equals(version.mode()) ? "Saved (Quick Save, not run)"
                    : version.startedAt() == null || version.finishedAt() == null ? "Complete"
                    : "Complete in " + Formats.span(Duration.between(version.startedAt(), version.finishedAt()))
                    + (version.captureMillis() == null ? "" : ", output captured in " + captureTime());
            case CANCELLED -> "Cancelled";
            case ERROR -> "Error";
        };
    }
}
