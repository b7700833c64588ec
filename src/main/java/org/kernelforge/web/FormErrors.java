package org.kernelforge.web;

import org.kernelforge.platform.ProblemException;

/** The API's error for a form: the field at fault and the message shown beside it. */
public record FormErrors(String field, String detail) {

    public static FormErrors none() {
        return new FormErrors(null, null);
    }

    /** The problem's field, or {@code fallbackField} when the problem names none. */
    public static FormErrors of(ProblemException e, String fallbackField) {
        return new FormErrors(e.field() == null ? fallbackField : e.field(), e.getMessage());
    }

    /** The message for this field, or null. */
    public String on(String name) {
        return name.equals(field) ? detail : null;
    }

    public boolean any() {
        return detail != null;
    }
}
