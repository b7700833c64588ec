package org.kernelforge.kaggle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** Requests and replies of Kaggle's {@code kernels.KernelsApiService}, with the client's field names. */
final class KernelMessages {

    private KernelMessages() {
    }

    /** A push: {@code slug} is "owner/slug", {@code text} the script or the .ipynb JSON. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SaveKernel(String slug, String newTitle, String text, String language, String kernelType,
                      List<String> datasetDataSources, List<String> competitionDataSources,
                      List<String> kernelDataSources, List<String> modelDataSources, Boolean isPrivate,
                      Boolean enableGpu, Boolean enableTpu, Boolean enableInternet, String dockerImage,
                      Integer sessionTimeoutSeconds, String machineShape, String dockerImagePinningType) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SaveKernelReply(String ref, String url, Integer versionNumber, String error) {
    }

    /** A kernel named as the client does: {@code kernelSlug} may carry "/N" for a version; newer clients send "vN". */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record KernelRef(String userName, String kernelSlug, String versionLabel, Integer pageSize, String pageToken) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SessionStatus(String status, String failureMessage) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Blob(String source, String language, String kernelType, String slug) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Metadata(String ref, String title, String author, String slug, String lastRunTime, String language,
                    String kernelType, Boolean isPrivate, Boolean enableGpu, Boolean enableInternet,
                    List<String> datasetDataSources, List<String> competitionDataSources,
                    List<String> kernelDataSources, Integer currentVersionNumber, String dockerImage) {
    }

    record KernelReply(Metadata metadata, Blob blob) {
    }

    record OutputFile(String url, String fileName) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SessionOutput(List<OutputFile> files, String log, String nextPageToken) {
    }

    /** {@code group} PROFILE lists the caller's kernels; {@code user} another user's. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ListKernels(String group, String search, String user, String dataset, String competition, Integer page,
                       Integer pageSize) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record KernelList(List<Metadata> kernels, String nextPageToken) {
    }
}
