package org.kernelforge.platform;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;

import java.util.Comparator;
import java.util.List;

/**
 * Bean Validation refusals as the client should read them: the JSON field it sent ({@code dailySubmissionLimit},
 * not {@code create.request.dailySubmissionLimit} or {@code targetColumns[1].<list element>}) and the message.
 */
public final class Violations {

    private Violations() {
    }

    /** Every refused field with its message, in field order. */
    public static List<Problem.FieldError> errors(ConstraintViolationException e) {
        return e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(Problem.FieldError::message))
                .toList();
    }

    /** The same refusal as a 400 naming the first field, for pages that show it beside the field. */
    public static ProblemException problem(ConstraintViolationException e) {
        List<Problem.FieldError> errors = errors(e);
        return ProblemException.badRequest(errors.isEmpty() ? null : errors.get(0).field(), detail(errors));
    }

    static String detail(List<Problem.FieldError> errors) {
        return errors.stream().map(Problem.FieldError::message).distinct().reduce((a, b) -> a + "; " + b)
                .orElse("The request is invalid");
    }

    /** The top-level JSON field of the request the violation is about, or null for the request as a whole. */
    static String field(ConstraintViolation<?> v) {
        for (Path.Node node : v.getPropertyPath()) {
            if (node.getKind() == ElementKind.PROPERTY || node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                return node.getName();
            }
        }
        return null;
    }
}
