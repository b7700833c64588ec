package org.kernelforge.runs;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The language is part of a session's shape: a container whose relay started IRkernel serves R sessions only. */
class SessionShapeTest {

    private static final RunLimits LIMITS = new RunLimits(1L << 30, 1.0, 256, 64L << 20, 256L << 20,
            Duration.ofHours(1), Duration.ofSeconds(5), 1L << 30, 1L << 20);

    @Test
    void aShapeServesSessionsOfItsLanguageOnly() {
        SessionShape r = SessionShape.of(spec(Language.R));
        SessionShape python = SessionShape.of(spec(Language.PYTHON));

        assertEquals(Language.R, r.language());
        assertTrue(r.serves(SessionShape.of(spec(Language.R))));
        assertFalse(r.serves(python), "an R kernel cannot become a Python session");
        assertFalse(python.serves(r), "nor a Python kernel an R session");
    }

    @Test
    void aSpecWithoutALanguageIsPython() {
        SessionSpec spec = new SessionSpec("s", "image", Map.of(), List.of(), Path.of("/tmp"), LIMITS, false, Map.of());
        assertEquals(Language.PYTHON, spec.language());
        assertTrue(SessionShape.of(spec).serves(SessionShape.of(spec(Language.PYTHON))));
    }

    private static SessionSpec spec(Language language) {
        return new SessionSpec("s", "image", Map.of(), List.of(), Path.of("/tmp"), LIMITS, false, Map.of(), language);
    }
}
