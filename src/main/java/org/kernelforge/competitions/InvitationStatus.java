package org.kernelforge.competitions;

import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.qute.TemplateEnum;

import java.util.Locale;

/** pending -> accepted | declined. Stored as its name; the API and the pages show {@link #id()}. */
@TemplateEnum
public enum InvitationStatus {
    PENDING, ACCEPTED, DECLINED;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
