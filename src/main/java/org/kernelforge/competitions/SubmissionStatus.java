package org.kernelforge.competitions;

import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.qute.TemplateEnum;

import java.util.Locale;

/**
 * pending -> complete | error; a code submission: queued -> rerunning -> scoring -> complete | error. Stored as its
 * name; the API and the pages show {@link #id()}.
 */
@TemplateEnum
public enum SubmissionStatus {
    PENDING, COMPLETE, ERROR, QUEUED, RERUNNING, SCORING;

    /** Not scored yet: waiting, rerunning or being scored. */
    public boolean inProgress() {
        return this == PENDING || this == QUEUED || this == RERUNNING || this == SCORING;
    }

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
