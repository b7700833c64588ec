package org.kernelforge.datasets;

import org.junit.jupiter.api.Test;
import org.kernelforge.platform.ProblemException;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FilePathsTest {

    @Test
    void acceptsRelativePathsInAnyScript() {
        for (String ok : List.of("a.csv", "dir/sub/file.parquet", "données/été.csv", "..hidden", "a..b/c", "数据.csv")) {
            assertEquals(ok, FilePaths.check(ok, "x"));
        }
    }

    @Test
    void refusesPathsThatCouldEscapeOrConfuse() {
        for (String bad : List.of("", "../a", "a/../../b", "/etc/passwd", "C:/x", "c:x", "a\\b", "..\\a", "a/./b", "a//b",
                "a/", "nul\u0000.csv", "tab\t.csv", "del\u007f", "x".repeat(256), ("y".repeat(250) + "/").repeat(5))) {
            assertThrows(ProblemException.class, () -> FilePaths.check(bad, "x"), bad);
        }
    }

    @Test
    void refusesAFileThatIsAlsoAFolder() {
        assertThrows(ProblemException.class, () -> FilePaths.checkNoFileIsAFolder(List.of("a/b/c.csv", "a/b")));
        FilePaths.checkNoFileIsAFolder(List.of("a/b/c.csv", "a/bc"));
    }
}
