package org.kernelforge.kaggle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** Requests and replies of Kaggle's {@code datasets.DatasetApiService}, with the client's field names. */
final class DatasetMessages {

    private DatasetMessages() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record DatasetRef(String ownerSlug, String datasetSlug, Integer datasetVersionNumber, String fileName,
                      Integer pageSize, String pageToken) {
    }

    record Status(String status) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record NewFile(String token) {
    }

    /** A new dataset: {@code categoryIds} are the dataset-metadata.json keywords. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CreateDataset(String ownerSlug, String slug, String title, String licenseName, Boolean isPrivate,
                         List<NewFile> files, String subtitle, String description, List<String> categoryIds) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record VersionBody(String versionNotes, Boolean deleteOldVersions, List<NewFile> files) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record CreateVersion(String ownerSlug, String datasetSlug, VersionBody body) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Created(String ref, String url, String status, String error) {
    }

    /** {@code group}: DATASET_SELECTION_GROUP_MY lists the caller's, ..._USER those of {@code user}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ListDatasets(String group, String search, String user, Integer page, Integer pageSize) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Dataset(String ref, String title, String subtitle, String creatorName, String ownerName, String ownerRef,
                   String url, String lastUpdated, Boolean isPrivate, String licenseName, Integer currentVersionNumber,
                   Long totalBytes) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DatasetList(List<Dataset> datasets, String nextPageToken) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DatasetFile(String ref, String datasetRef, String name, long totalBytes, String creationDate) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DatasetFiles(List<DatasetFile> datasetFiles, String nextPageToken) {
    }

    record License(String name) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Info(String datasetSlug, String ownerUser, String title, String subtitle, String description,
                Boolean isPrivate, List<String> keywords, List<License> licenses) {
    }

    record MetadataReply(Info info) {
    }
}
