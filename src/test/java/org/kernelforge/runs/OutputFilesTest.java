package org.kernelforge.runs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The listing capture walks: names as raw bytes, plain modes, the file cap. No services needed. */
class OutputFilesTest {

    @TempDir
    Path dir;

    @Test
    void aNameThatIsNotUtf8IsListedEscapedAndItsFileOpensByThatName() throws IOException {
        Files.writeString(dir.resolve("ok.txt"), "fine");
        Files.writeString(rawNamed(dir, "%FF-latin1.bin"), "latin");

        OutputListing listing = OutputFiles.list(dir);

        assertEquals(List.of("\\xff-latin1.bin", "ok.txt"), listing.files().stream().map(OutputFile::path).sorted().toList());
        assertEquals("latin", Files.readString(FileNames.resolve(dir, "\\xff-latin1.bin")));
        assertEquals("fine", Files.readString(FileNames.resolve(dir, "ok.txt")));
    }

    @Test
    void theListingDoesNotDependOnTheLocaleOfTheJvm() throws Exception {
        Files.writeString(rawNamed(dir, "%FF-latin1.bin"), "latin");
        Files.createDirectories(dir.resolve("dé"));
        Files.writeString(dir.resolve("dé").resolve("ünï.txt"), "utf8");
        // a JVM started with the C locale decodes file names as ASCII (sun.jnu.encoding=ANSI_X3.4-1968)
        ProcessBuilder java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ListOutputs.class.getName(), dir.toString());
        java.environment().put("LC_ALL", "C");
        java.environment().put("LANG", "C");
        java.redirectErrorStream(true);
        Process process = java.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), out);
        assertTrue(out.contains("sun.jnu.encoding=ANSI_X3.4-1968"), out);
        assertTrue(out.contains("\\xff-latin1.bin 5 latin"), out);
        assertTrue(out.contains("dé/ünï.txt 4 utf8"), out);
    }

    @Test
    void setuidSetgidStickyAndOthersWriteAreNotKept() throws IOException {
        Path setuid = Files.writeString(dir.resolve("setuid.sh"), "#!/bin/sh\n");
        Files.setAttribute(setuid, "unix:mode", 04777);
        Path setgid = Files.writeString(dir.resolve("setgid.bin"), "x");
        Files.setAttribute(setgid, "unix:mode", 02666);
        Path privateFile = Files.writeString(dir.resolve("private.txt"), "x");
        Files.setAttribute(privateFile, "unix:mode", 01600);

        OutputListing listing = OutputFiles.list(dir);

        assertEquals(List.of(new OutputFile("private.txt", 1, 0644, null), new OutputFile("setgid.bin", 1, 0644, null),
                new OutputFile("setuid.sh", 10, 0755, null)), listing.files());
    }

    @Test
    void theWalkStopsPastTheFileLimit() throws IOException {
        for (int i = 0; i < 12; i++) {
            Files.createFile(dir.resolve("f" + i));
        }
        OutputListing atLimit = OutputFiles.list(dir, 12);
        assertFalse(atLimit.overLimit());
        assertEquals(12, atLimit.files().size());

        OutputListing over = OutputFiles.list(dir, 11);
        assertTrue(over.overLimit());
    }

    @Test
    void escapedNamesAreReversibleAndNeverShownAlike() {
        byte[][] names = {
                "ok.txt".getBytes(StandardCharsets.UTF_8),
                {(byte) 0xff, '-', 'a'},
                "\\xff-a".getBytes(StandardCharsets.UTF_8),
                "back\\slash".getBytes(StandardCharsets.UTF_8),
                "line\nfeed".getBytes(StandardCharsets.UTF_8),
                "été/日本.csv".getBytes(StandardCharsets.UTF_8),
                {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, // an encoded surrogate is not UTF-8
                {(byte) 0xe2, (byte) 0x82}, // cut short
        };
        List<String> shown = new java.util.ArrayList<>();
        for (byte[] name : names) {
            String s = FileNames.escape(name);
            assertArrayEquals(name, FileNames.unescape(s), s);
            assertArrayEquals(name, FileNames.unescape(FileNames.fromUrlPath(FileNames.urlPath(s))), s);
            shown.add(s);
        }
        assertEquals(shown.size(), shown.stream().distinct().count(), String.valueOf(shown));
        assertEquals(List.of("ok.txt", "\\xff-a", "\\\\xff-a", "back\\\\slash", "line\\x0afeed", "été/日本.csv",
                "\\xed\\xa0\\x80", "\\xe2\\x82"), shown);
        assertEquals("%FF-a", FileNames.urlPath("\\xff-a"));
    }

    /** A file below {@code dir} whose name is given percent-encoded, with its raw bytes. */
    static Path rawNamed(Path dir, String encodedName) {
        return Path.of(URI.create(dir.toUri() + encodedName));
    }

    /** Lists a directory as capture does, in a JVM of its own (see above); prints path, size and content. */
    public static final class ListOutputs {
        public static void main(String[] args) throws IOException {
            java.io.PrintStream out = new java.io.PrintStream(System.out, true, StandardCharsets.UTF_8);
            out.println("sun.jnu.encoding=" + System.getProperty("sun.jnu.encoding"));
            Path dir = Path.of(args[0]);
            for (OutputFile file : OutputFiles.list(dir).files()) {
                out.println(file.path() + " " + file.size() + " " + Files.readString(FileNames.resolve(dir, file.path())));
            }
        }
    }
}
