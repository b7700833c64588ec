package org.kernelforge.environments;

import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.qute.TemplateEnum;

import java.util.Locale;

/** building -> ready | failed. Stored as its name; the API and the pages show {@link #id()}. */
@TemplateEnum
public enum EnvironmentStatus {
    BUILDING, READY, FAILED;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
