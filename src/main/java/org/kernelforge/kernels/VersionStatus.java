package org.kernelforge.kernels;

import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.qute.TemplateEnum;

import java.util.Locale;

/** queued -> running -> complete | error | cancelled. Stored as its name; the API and the pages show {@link #id()}. */
@TemplateEnum
public enum VersionStatus {
    QUEUED, RUNNING, COMPLETE, ERROR, CANCELLED;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this == COMPLETE || this == ERROR || this == CANCELLED;
    }
}
