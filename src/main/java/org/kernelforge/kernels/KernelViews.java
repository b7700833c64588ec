package org.kernelforge.kernels;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import org.kernelforge.runs.FailureLocation;

import java.time.Instant;
import java.util.List;

/** JSON shapes of the kernels API: camelCase, except the settings, which keep kernel-metadata.json's names. */
public final class KernelViews {

    private KernelViews() {
    }

    public record PushResponse(String ref, int version, VersionStatus status, String url) {
    }

    public record Settings(
            String title,
            @JsonProperty("kernel_type") String kernelType,
            String language,
            @JsonProperty("dataset_sources") List<String> datasetSources,
            @JsonProperty("competition_sources") List<String> competitionSources,
            @JsonProperty("kernel_sources") List<String> kernelSources,
            @JsonProperty("enable_gpu") boolean enableGpu,
            @JsonProperty("enable_internet") boolean enableInternet,
            @JsonProperty("is_private") boolean isPrivate,
            @JsonProperty("docker_image") String dockerImage,
            @JsonProperty("session_timeout_seconds") int sessionTimeoutSeconds,
            @JsonProperty("docker_image_pinning_type") String dockerImagePinningType,
            @JsonProperty("environment") EnvironmentRef environment) {
    }

    /** An environment version: the one a version ran in, or the one a kernel's next version runs in. */
    public record EnvironmentRef(String name, Integer version) {

        static EnvironmentRef of(String name, Integer version) {
            return name == null ? null : new EnvironmentRef(name, version);
        }
    }

    public record KernelSummary(String ref, String owner, String slug, String title, String kernelType, String language,
                                boolean isPrivate, int currentVersion, VersionStatus lastStatus, Instant updatedAt,
                                @JsonIgnore String lastMode) {

        /** The last version's state as the pages show it: "saved" for a quick save (the API keeps "complete"). */
        public String lastShownStatus() {
            return "quick".equals(lastMode) && lastStatus == VersionStatus.COMPLETE ? "saved" : lastStatus == null ? null : lastStatus.id();
        }
    }

    /**
     * A version in the kernel's list, newest first: {@code name} is the author's version name (null when none was given),
     * {@code runSeconds} how long it ran (null when it did not run to an end).
     */
    public record VersionSummary(int version, VersionStatus status, String mode, Instant committedAt, String committedBy,
                                 String name, Long runSeconds) {

        /** What the pages show for the state: a quick save was saved, not run, so it is not "complete". */
        public String shownStatus() {
            return "quick".equals(mode) && status == VersionStatus.COMPLETE ? "saved" : status.id();
        }

        /** "12 s", "3 min 4 s"; empty when it did not run. */
        public String runTime() {
            return runSeconds == null ? "" : org.kernelforge.web.Formats.span(java.time.Duration.ofSeconds(runSeconds));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record KernelDetail(String ref, String owner, String slug, Settings settings, JsonNode source,
                               List<VersionSummary> versions, String forkedFrom, Instant createdAt, Instant updatedAt) {
    }

    /** Why a version failed; {@code location} says where the user's code raised, when the runner could tell. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Failure(String kind, String message, FailureLocation location) {
    }

    public record Input(String mount, String kind, String ref, int version) {
    }

    public record Image(String name, String digest) {
    }

    public record VersionView(String ref, int version, String name, String mode, String language, VersionStatus status, Failure failure, Instant committedAt,
                              String committedBy, Instant queuedAt, Instant startedAt, Instant finishedAt, Integer exitCode,
                              List<Input> inputs, Image image, EnvironmentRef environment, String fingerprint, Long queuePosition,
                              QueueWait queueWait, Integer outputCount, Long outputBytes, Long captureMillis, String node) {
    }

    public record OutputFile(String path, long size, String sha256) {
    }

    /** A queued version waits for its owner's versions: {@code running} of theirs run, at most {@code limit} may. */
    public record QueueWait(long running, int limit) {
    }

    public record ForkRequest(String slug, String title) {
    }

    /** One changed region of a source diff: lines removed from a, lines added from b. */
    public record Hunk(int aStart, int bStart, List<String> removed, List<String> added) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CellDiff(int cell, String change, String cellType, List<Hunk> hunks) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SourceDiff(int a, int b, String kernelType, List<Hunk> hunks, List<CellDiff> cells) {
    }

    /** An output file of one of the caller's complete runs, as the submit page offers it. */
    /** A version of one of the caller's kernels, for a code competition's submit form. */
    public record VersionChoice(String kernel, int version, String status, String mode, Instant committedAt) {
    }

    public record OutputChoice(String kernel, int version, String path, long size, Instant committedAt) {
    }
}
