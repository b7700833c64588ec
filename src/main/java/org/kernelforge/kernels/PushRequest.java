package org.kernelforge.kernels;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.kernelforge.platform.StrippedLength;

import java.util.List;
import java.util.Map;

/**
 * A push: the settings use the field names of Kaggle's kernel-metadata.json (snake case), so a
 * folder prepared for Kaggle can be pushed unchanged. Absent fields keep the kernel's current setting.
 * What depends on the deployment or the database (the longest timeout, allowed images, readable inputs, a new
 * kernel's slug and type) is checked by {@link KernelCommits}.
 */
public record PushRequest(
        @StrippedLength(min = 1, max = 100, message = "The title must have 1 to 100 characters")
        String title,
        @JsonProperty("kernel_type")
        @Pattern(regexp = "script|notebook", message = "kernel_type must be 'script' or 'notebook', not '${validatedValue}'")
        String kernelType,
        @Pattern(regexp = "python|r", message = "language must be 'python' or 'r', not '${validatedValue}'")
        String language,
        @Schema(description = "Script text, or the .ipynb document as a JSON object or as a string holding it",
                oneOf = {String.class, Map.class})
        JsonNode source,
        @JsonProperty("dataset_sources")
        List<String> datasetSources,
        @JsonProperty("competition_sources")
        List<String> competitionSources,
        @JsonProperty("kernel_sources")
        List<String> kernelSources,
        @JsonProperty("enable_gpu") Boolean enableGpu,
        @JsonProperty("enable_internet") Boolean enableInternet,
        @JsonProperty("is_private") Boolean isPrivate,
        @JsonProperty("docker_image") String dockerImage,
        @JsonProperty("session_timeout_seconds")
        @Min(value = 1, message = "session_timeout_seconds must be at least 1, not ${validatedValue}")
        Integer sessionTimeoutSeconds,
        @Pattern(regexp = "run|quick|\\s*", message = "mode must be 'run' (Save & Run All) or 'quick' (Quick Save)")
        String mode,
        @JsonProperty("version_name")
        @StrippedLength(max = 200, message = "version_name must have at most 200 characters")
        String versionName,
        @JsonProperty("docker_image_pinning_type")
        @Pattern(regexp = "original|latest|\\s*", message = "docker_image_pinning_type must be 'original' or 'latest', not '${validatedValue}'")
        String dockerImagePinningType) {
}
