package org.kernelforge.kernels;

import io.restassured.specification.RequestSpecification;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Polling a version of a server under test through its API, for the tests that kill and restart servers. */
final class VersionWaits {

    private VersionWaits() {
    }

    /** Waits until the log of the version at {@code versionPath} (its API path) holds {@code line}. */
    static void awaitLogLine(Supplier<RequestSpecification> as, String versionPath, String line, Duration within)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            List<String> lines = as.get().get(versionPath + "/log").then().extract().path("data");
            if (lines != null && lines.contains(line)) {
                return;
            }
            Thread.sleep(200);
        }
        fail("the log never showed '" + line + "'");
    }

    /** Waits until the version at {@code versionPath} is neither queued nor running; answers its JSON. */
    static Map<String, Object> awaitFinished(Supplier<RequestSpecification> as, String versionPath, Duration within)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            Map<String, Object> v = as.get().get(versionPath).then().extract().as(Map.class);
            if (!List.of("queued", "running").contains(v.get("status"))) {
                return v;
            }
            Thread.sleep(250);
        }
        fail("version " + versionPath + " never finished");
        return null;
    }
}
