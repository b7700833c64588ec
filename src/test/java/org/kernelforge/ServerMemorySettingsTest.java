package org.kernelforge;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server is started with a ceiling on every part of its memory, the same by deploy/run.sh (and the
 * benchmarks) as by the server image (README "Memory").
 */
class ServerMemorySettingsTest {

    private static final Path REPO = Path.of("").toAbsolutePath();

    @Test
    void everyPartOfTheJvmsMemoryHasACeiling() throws IOException {
        String options = quoted(Files.readString(REPO.resolve("deploy/lib/common.sh")), "KF_DEFAULT_JAVA_OPTS=\"((?:[^\"\\\\]|\\\\\\n)*)\"")
                .replace("\\\n", "");
        for (String ceiling : new String[]{"-Xmx", "-XX:MaxMetaspaceSize=", "-XX:ReservedCodeCacheSize=",
                "-XX:MaxDirectMemorySize=", "-Dio.netty.maxDirectMemory=0", "-Djdk.nio.maxCachedBufferSize="}) {
            assertTrue(options.contains(ceiling), "no " + ceiling + " in KF_DEFAULT_JAVA_OPTS: " + options);
        }
        String dockerfile = Files.readString(REPO.resolve("deploy/server/Dockerfile"));
        assertEquals(options, quoted(dockerfile, "KF_JAVA_OPTS=\"([^\"]*)\""), "the server image's JVM options");
        assertTrue(dockerfile.contains("exec java $KF_JAVA_OPTS"), "the image starts the server with them");
        assertEquals(quoted(Files.readString(REPO.resolve("deploy/lib/common.sh")), "KF_DEFAULT_MALLOC_ARENA_MAX=(\\d+)"),
                quoted(dockerfile, "MALLOC_ARENA_MAX=(\\d+)"), "glibc malloc arenas");
        assertTrue(Files.readString(REPO.resolve("deploy/run.sh")).contains("exec java ${KF_JAVA_OPTS:-$KF_DEFAULT_JAVA_OPTS}"));
    }

    private static String quoted(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no match of " + regex);
        return m.group(1);
    }
}
