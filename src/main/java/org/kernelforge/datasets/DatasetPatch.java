package org.kernelforge.datasets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.platform.StrippedLength;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A PATCH of a dataset's descriptive fields. Only fields present in the JSON change; a present {@code null}
 * clears an optional field. {@link DatasetService#patch} checks the fields' constraints, then applies them.
 */
public record DatasetPatch(Set<String> present, Fields fields) {

    /** The fields a PATCH may send. */
    @Schema(name = "DatasetPatch")
    public record Fields(
            @StrippedLength(min = 3, max = 100, message = DatasetRules.TITLE) String title,
            @StrippedLength(max = 200, message = DatasetRules.SUBTITLE) String subtitle,
            @StrippedLength(max = 20_000, message = DatasetRules.DESCRIPTION) String description,
            @StrippedLength(max = 100, message = DatasetRules.LICENSE_NAME) String licenseName,
            List<@StrippedLength(max = 50, message = DatasetRules.KEYWORD)
                 @Pattern(regexp = "[^,]*", message = DatasetRules.KEYWORD) String> keywords,
            Boolean isPrivate) {
    }

    private static final Set<String> FIELDS = Set.of("title", "subtitle", "description", "licenseName", "keywords",
            "isPrivate");

    /** The body as sent: a JSON object of known fields with values of their types, or a 400 naming the field. */
    static DatasetPatch read(JsonNode body, ObjectMapper json) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest(null, "Send a JSON object with any of " + String.join(", ", sorted()));
        }
        Set<String> present = new HashSet<>();
        body.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                throw ProblemException.badRequest(name, "Unknown field '" + name + "'; a dataset has "
                        + String.join(", ", sorted()));
            }
            present.add(name);
        });
        if (present.contains("isPrivate") && !body.get("isPrivate").isBoolean()) {
            throw ProblemException.badRequest("isPrivate", "'isPrivate' must be true or false");
        }
        try {
            return new DatasetPatch(Set.copyOf(present), json.treeToValue(body, Fields.class));
        } catch (MismatchedInputException e) {
            throw ProblemException.wrongJsonType(e);
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest(null, "The body could not be read: " + e.getOriginalMessage());
        }
    }

    /** The PATCH of the dataset page's privacy switch. */
    static DatasetPatch privacy(boolean isPrivate) {
        return new DatasetPatch(Set.of("isPrivate"), new Fields(null, null, null, null, null, isPrivate));
    }

    boolean has(String field) {
        return present.contains(field);
    }

    private static List<String> sorted() {
        return FIELDS.stream().sorted().toList();
    }
}
