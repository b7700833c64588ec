package org.kernelforge.kernels;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * A push: the settings use the field names of Kaggle's kernel-metadata.json (snake case), so a
 * folder prepared for Kaggle can be pushed unchanged. Absent fields keep the kernel's current setting.
 */
public record PushRequest(
        String title,
        @JsonProperty("kernel_type") String kernelType,
        String language,
        /** Script text, or the .ipynb document as a JSON object or as a string holding it. */
        JsonNode source,
        @JsonProperty("dataset_sources") List<String> datasetSources,
        @JsonProperty("competition_sources") List<String> competitionSources,
        @JsonProperty("kernel_sources") List<String> kernelSources,
        @JsonProperty("enable_gpu") Boolean enableGpu,
        @JsonProperty("enable_internet") Boolean enableInternet,
        @JsonProperty("is_private") Boolean isPrivate,
        @JsonProperty("docker_image") String dockerImage,
        @JsonProperty("session_timeout_seconds") Integer sessionTimeoutSeconds,
        String mode) {
}
