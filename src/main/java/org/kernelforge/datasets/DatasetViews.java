package org.kernelforge.datasets;

import org.kernelforge.storage.StoredFile;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/** JSON shapes of the dataset API. */
public final class DatasetViews {

    private DatasetViews() {
    }

    /** Answer to creating a dataset or a version. */
    public record Created(String ref, int version, String url) {
    }

    public record DatasetSummary(String ref, String owner, String slug, String title, String subtitle,
                                 String licenseName, List<String> keywords,
                                 @JsonProperty("isPrivate") boolean isPrivate, int currentVersion,
                                 Instant createdAt, Instant updatedAt, String url) {
    }

    public record DatasetDetail(String ref, String owner, String slug, String title, String subtitle,
                                String description, String licenseName, List<String> keywords,
                                @JsonProperty("isPrivate") boolean isPrivate, int currentVersion,
                                Instant createdAt, Instant updatedAt, String url, List<VersionSummary> versions) {
    }

    public record VersionSummary(int version, String notes, Instant createdAt, String createdBy, int fileCount,
                                 long totalBytes) {
    }

    public record FileView(String path, long size, String sha256) {
        static FileView of(StoredFile file) {
            return new FileView(file.path(), file.size(), file.sha256());
        }
    }

    public record Column(String name, String type) {
    }

    /** The beginning of a CSV file: header, first rows as text, inferred column types. */
    public record Preview(List<Column> columns, List<List<String>> rows, boolean truncated) {
    }
}
