package org.kernelforge.datasets;

import org.kernelforge.storage.StoredFile;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.kernelforge.platform.Markdown;

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

        /** The description rendered from Markdown, made safe (raw HTML is escaped), for the page. */
        @JsonIgnore
        public String descriptionHtml() {
            return description == null ? null : Markdown.toSafeHtml(description);
        }
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

    /**
     * Statistics of one CSV column over the whole file: {@code count} values present, {@code missing} empty or absent,
     * {@code distinct} values (when {@code distinctCapped}, at least that many); min, max and mean for numeric columns.
     */
    public record ColumnStats(String name, String type, long count, long missing, long distinct, boolean distinctCapped,
                              Double min, Double max, Double mean) {

        /** "42", or "10,000+" when there were more distinct values than were counted. */
        @JsonIgnore
        public String distinctText() {
            return String.format(java.util.Locale.ROOT, "%,d", distinct) + (distinctCapped ? "+" : "");
        }

        @JsonIgnore
        public String minText() {
            return number(min);
        }

        @JsonIgnore
        public String maxText() {
            return number(max);
        }

        @JsonIgnore
        public String meanText() {
            return number(mean);
        }

        /** Six significant digits, without trailing zeros; empty for a column that is not numeric. */
        private static String number(Double value) {
            if (value == null) {
                return "";
            }
            if (value.isInfinite() || value.isNaN()) {
                return value.toString();
            }
            return new java.math.BigDecimal(value).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
        }
    }

    /** The beginning of a CSV file: header, first rows as text, inferred column types. */
    public record Preview(List<Column> columns, List<List<String>> rows, boolean truncated) {
    }
}
