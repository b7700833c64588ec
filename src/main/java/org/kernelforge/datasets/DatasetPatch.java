package org.kernelforge.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import org.kernelforge.platform.ProblemException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A PATCH of a dataset's descriptive fields. Only fields present in the JSON change; a present {@code null}
 * clears an optional field. Values are validated when applied ({@link DatasetService#patch}).
 */
public record DatasetPatch(JsonNode body) {

    static final Set<String> FIELDS = Set.of("title", "subtitle", "description", "licenseName", "keywords", "isPrivate");

    public DatasetPatch {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest(null, "Send a JSON object with any of " + String.join(", ", sorted()));
        }
        body.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                throw ProblemException.badRequest(name, "Unknown field '" + name + "'; a dataset has "
                        + String.join(", ", sorted()));
            }
        });
    }

    boolean has(String field) {
        return body.has(field);
    }

    String text(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ProblemException.badRequest(field, "'" + field + "' must be a string");
        }
        return value.asText();
    }

    boolean flag(String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isBoolean()) {
            throw ProblemException.badRequest(field, "'" + field + "' must be true or false");
        }
        return value.booleanValue();
    }

    List<String> list(String field) {
        JsonNode value = body.get(field);
        List<String> result = new ArrayList<>();
        if (value == null || value.isNull()) {
            return result;
        }
        if (!value.isArray()) {
            throw ProblemException.badRequest(field, "'" + field + "' must be an array of strings");
        }
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw ProblemException.badRequest(field, "'" + field + "' must be an array of strings");
            }
            result.add(item.asText());
        }
        return result;
    }

    private static List<String> sorted() {
        return FIELDS.stream().sorted().toList();
    }
}
