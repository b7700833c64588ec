package org.kernelforge.datasets;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.platform.StrippedLength;

import java.util.List;

/**
 * The fields of Kaggle's dataset-metadata.json that Kernelforge uses, plus {@code isPrivate}.
 * Other fields (resources, collaborators, ...) are accepted and ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DatasetMetadata(
        @StrippedLength(min = 3, max = 100, message = DatasetRules.TITLE) String title,
        String id,
        List<@Valid License> licenses,
        @StrippedLength(max = 200, message = DatasetRules.SUBTITLE) String subtitle,
        @StrippedLength(max = 20_000, message = DatasetRules.DESCRIPTION) String description,
        List<@StrippedLength(max = 50, message = DatasetRules.KEYWORD)
             @Pattern(regexp = "[^,]*", message = DatasetRules.KEYWORD) String> keywords,
        @JsonProperty("isPrivate") @JsonAlias("is_private") Boolean isPrivate) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record License(@StrippedLength(max = 100, message = DatasetRules.LICENSE_NAME) String name) {
    }

    /** Reads the metadata part; anything but a JSON object of the right shape is a 400 naming the part. */
    public static DatasetMetadata parse(String json, ObjectMapper mapper) {
        JsonNode node;
        try {
            node = json == null || json.isBlank() ? null : mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("metadata", "The 'metadata' part is not valid JSON ("
                    + e.getOriginalMessage() + "); send the content of a dataset-metadata.json");
        }
        if (node == null || !node.isObject()) {
            throw ProblemException.badRequest("metadata",
                    "The 'metadata' part must be a JSON object like a dataset-metadata.json: {\"title\": ..., \"id\": \"owner/slug\", ...}");
        }
        try {
            return mapper.treeToValue(node, DatasetMetadata.class);
        } catch (MismatchedInputException e) {
            throw ProblemException.wrongJsonType(e);
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("metadata", "The 'metadata' part could not be read: " + e.getOriginalMessage());
        }
    }

    public String licenseName() {
        return licenses == null ? null : licenses.stream().filter(l -> l != null && l.name() != null)
                .map(License::name).findFirst().orElse(null);
    }

    public DatasetMetadata withRef(String owner, String slug, boolean isPrivate) {
        return new DatasetMetadata(title, owner + "/" + slug, licenses, subtitle, description, keywords, isPrivate);
    }
}
