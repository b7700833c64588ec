package org.kernelforge.datasets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernelforge.platform.ProblemException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An archive is refused on what its central directory declares before a single entry is extracted: the extractor's
 * temporary folder is never even created. Prints how long the refusal of 200,000 entries takes.
 */
class ZipCentralDirectoryTest {

    private static final DatasetsConfig.Zip LIMITS = limits(100_000, 1L << 30, 200);

    @TempDir
    Path temp;

    @Test
    void anArchiveOf200000EntriesIsRefusedBeforeAnyEntryIsExtracted() throws IOException {
        Path archive = zipOfTinyEntries(temp.resolve("many.zip"), 200_000);
        Path staging = temp.resolve("staging");
        try (StagedFiles staged = new StagedFiles(staging)) {
            long start = System.nanoTime();
            ProblemException refused = assertThrows(ProblemException.class,
                    () -> new ZipExtractor(LIMITS, staged, false).extract(new IncomingFile("many.zip", archive)));
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("zip refusal: 200000 entries, %d bytes, refused in %d ms%n", Files.size(archive), millis);

            assertEquals(400, refused.status());
            assertTrue(refused.getMessage().contains("more than 100000 entries"), refused.getMessage());
            assertTrue(staged.files().isEmpty());
            assertTrue(Files.notExists(staging) || isEmpty(staging), "no entry was extracted");
        }
    }

    @Test
    void theDeclaredTotalAndRatioAreCheckedBeforeExtractingToo() throws IOException {
        Path archive = temp.resolve("zeros.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
            zip.putNextEntry(new ZipEntry("first.csv"));
            zip.write("a,b\n1,2\n".getBytes());
            zip.putNextEntry(new ZipEntry("zeros.bin"));
            zip.write(new byte[4 << 20]);
        }
        Path staging = temp.resolve("staging");
        try (StagedFiles staged = new StagedFiles(staging)) {
            ProblemException bomb = assertThrows(ProblemException.class, () -> new ZipExtractor(limits(10, 1L << 30, 200),
                    staged, false).extract(new IncomingFile("zeros.zip", archive)));
            assertTrue(bomb.getMessage().contains("'zeros.bin' in zeros.zip expands more than 200 times"), bomb.getMessage());
            ProblemException large = assertThrows(ProblemException.class, () -> new ZipExtractor(limits(10, 1L << 20, 10_000),
                    staged, false).extract(new IncomingFile("zeros.zip", archive)));
            assertEquals(413, large.status());
            assertTrue(large.getMessage().contains("more than 1048576 bytes"), large.getMessage());
            assertTrue(Files.notExists(staging) || isEmpty(staging), "not even the first, small entry was extracted");
        }
    }

    static Path zipOfTinyEntries(Path file, int count) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < count; i++) {
                zip.putNextEntry(new ZipEntry("f/" + i + ".txt"));
                zip.write('x');
            }
        }
        return file;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.allMatch(p -> p.equals(dir) || Files.isDirectory(p) && isEmptyDir(p));
        }
    }

    private static boolean isEmptyDir(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            return children.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static DatasetsConfig.Zip limits(int maxEntries, long maxTotalBytes, int maxRatio) {
        return new DatasetsConfig.Zip() {
            @Override
            public long maxTotalBytes() {
                return maxTotalBytes;
            }

            @Override
            public int maxRatio() {
                return maxRatio;
            }

            @Override
            public int maxEntries() {
                return maxEntries;
            }

            @Override
            public long ratioGraceBytes() {
                return 1 << 20;
            }
        };
    }
}
