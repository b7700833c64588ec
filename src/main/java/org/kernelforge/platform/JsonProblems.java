package org.kernelforge.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException.Reference;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** A request body Jackson could not read, told as the field at fault and the JSON type it needs. */
final class JsonProblems {

    private JsonProblems() {
    }

    static Problem unreadable(JsonProcessingException e) {
        return Problem.of(400, "Invalid request", "The request could not be read: the body is not valid JSON" + where(e) + ": "
                + e.getOriginalMessage().lines().findFirst().orElse(""), null);
    }

    static Problem wrongType(MismatchedInputException e) {
        List<Reference> path = e.getPath();
        String field = path.isEmpty() ? null : path.get(0).getFieldName();
        if (field == null) {
            return Problem.of(400, "Invalid request", "The request body must be " + expected(e.getTargetType())
                    + where(e), null);
        }
        String sent = e instanceof InvalidFormatException f && f.getValue() != null ? ", not " + quoted(f.getValue()) : "";
        return Problem.of(400, "Invalid request", "'" + dotted(path) + "' must be " + expected(e.getTargetType()) + sent,
                field);
    }

    /** The JSON a Java type is read from, in a client's words. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "of another JSON type";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == java.math.BigInteger.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
            return "a string";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a list (a JSON array)";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 time, e.g. 2026-12-31T23:59:00Z";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord() || !type.getName().startsWith("java.")) {
            return "a JSON object";
        }
        return "of another JSON type";
    }

    /** dataset_sources, licenses[0].name */
    private static String dotted(List<Reference> path) {
        StringBuilder out = new StringBuilder();
        for (Reference r : path) {
            if (r.getFieldName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                out.append('[').append(r.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String quoted(Object value) {
        String text = String.valueOf(value);
        text = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return value instanceof String ? "\"" + text + "\"" : text;
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 1 ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }
}
