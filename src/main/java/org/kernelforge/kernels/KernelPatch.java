package org.kernelforge.kernels;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import org.kernelforge.platform.ProblemException;

/** A PATCH of a kernel: what changes without a new version. Only the visibility, as kernel-metadata.json names it. */
public record KernelPatch(@JsonProperty("is_private") boolean isPrivate) {

    static final String FIELD = "is_private";

    /** The body as sent: {"is_private": true|false}, or a 400 naming the field at fault. */
    static KernelPatch read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest(null, "Send a JSON object: {\"is_private\": true|false}");
        }
        body.fieldNames().forEachRemaining(name -> {
            if (!FIELD.equals(name)) {
                throw ProblemException.badRequest(name, "Unknown field '" + name + "'; a kernel's PATCH changes only '"
                        + FIELD + "' (other settings change with a new version)");
            }
        });
        JsonNode value = body.get(FIELD);
        if (value == null || !value.isBoolean()) {
            throw ProblemException.badRequest(FIELD, "'" + FIELD + "' must be true or false");
        }
        return new KernelPatch(value.booleanValue());
    }
}
