package org.kernelforge.datasets;

import org.kernelforge.platform.ProblemException;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.Enumeration;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Extracts the zip archives of one upload into {@link StagedFiles}, defensively: entry names are decoded as strict
 * UTF-8 and checked by {@link FilePaths}; the bytes actually inflated are counted against the bytes actually read
 * (headers are never trusted), against a total and an entry budget shared by all archives of the upload.
 * Entries go to numbered temporary files; an entry's name never becomes a local path.
 *
 * <p>Before anything is extracted, the archive's central directory is read: an archive that declares too many
 * entries, too many bytes or an entry that expands too much is refused at once (reading the directory of 200,000
 * entries takes a fraction of a second; extracting them took minutes). The streamed extraction then holds the archive
 * to what its directory declared: an entry the directory does not list is refused.
 */
final class ZipExtractor {

    private static final int BUFFER = 64 * 1024;

    private final DatasetsConfig.Zip limits;
    private final StagedFiles into;
    private long totalBytes;
    private int entries;
    private long declaredBytes;
    private int declaredEntries;

    /** Extracts each archive {@code name.zip} into the folder {@code name/} instead of at the top (Kaggle's way). */
    private final boolean intoFolders;

    ZipExtractor(DatasetsConfig.Zip limits, StagedFiles into, boolean intoFolders) {
        this.limits = limits;
        this.into = into;
        this.intoFolders = intoFolders;
    }

    static boolean isZipName(String name) {
        return name.toLowerCase(java.util.Locale.ROOT).endsWith(".zip");
    }

    /** Whether the file starts like a zip archive (a local file header, or the end record of an empty one). */
    static boolean hasZipMagic(Path file) {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, 4) < 4 || head[0] != 'P' || head[1] != 'K') {
                return false;
            }
            return (head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void extract(IncomingFile archive) {
        String name = archive.name();
        int listed = checkCentralDirectory(archive);
        int seen = 0;
        int files = 0;
        try (CountingInputStream counted = new CountingInputStream(new BufferedInputStream(Files.newInputStream(archive.path())));
             ZipInputStream zip = new ZipInputStream(counted, StandardCharsets.UTF_8)) {
            for (ZipEntry entry; (entry = next(zip, name)) != null; ) {
                if (++entries > limits.maxEntries()) {
                    throw tooManyEntries();
                }
                if (++seen > listed) {
                    throw ProblemException.badRequest("file", "'" + name + "' holds more entries than its central "
                            + "directory lists; re-create the archive (e.g. with 'zip' or 7-Zip)");
                }
                if (entry.getName().isEmpty() || entry.isDirectory()) {
                    continue;
                }
                String where = "'" + entry.getName() + "' in " + name;
                String folder = intoFolders ? name.substring(0, name.length() - ".zip".length()) + "/" : "";
                String path = FilePaths.check(folder + entry.getName(), "The entry " + where);
                Path local = into.newTempFile();
                long size = copy(zip, counted, local, where);
                if (size == 0) {
                    throw ProblemException.badRequest("file", "The entry " + where
                            + " is empty (0 bytes); empty files are not accepted, remove it from the archive");
                }
                into.add(path, local, size, "the archive '" + name + "'");
                files++;
            }
        } catch (ZipException | EOFException e) {
            // EOFException: the archive ends in the middle of an entry
            throw unreadable(name, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (files == 0) {
            throw ProblemException.badRequest("file", "The archive '" + name + "' holds no files");
        }
    }

    /**
     * Reads the archive's central directory (not its entries) and refuses it on what it declares: the entry count and
     * bytes of all archives of the upload together, and each entry's expansion. Answers the number of entries listed.
     */
    private int checkCentralDirectory(IncomingFile archive) {
        String name = archive.name();
        try (ZipFile zip = new ZipFile(archive.path().toFile(), StandardCharsets.UTF_8)) {
            int listed = 0;
            for (Enumeration<? extends ZipEntry> all = zip.entries(); all.hasMoreElements(); ) {
                ZipEntry entry = all.nextElement();
                listed++;
                if (declaredEntries + listed > limits.maxEntries()) {
                    throw tooManyEntries();
                }
                long size = Math.max(0, entry.getSize());
                declaredBytes += size;
                if (declaredBytes > limits.maxTotalBytes()) {
                    throw tooLarge();
                }
                long compressed = Math.max(1, entry.getCompressedSize());
                if (size > limits.ratioGraceBytes() && size > compressed * limits.maxRatio()) {
                    throw bomb("'" + entry.getName() + "' in " + name);
                }
            }
            declaredEntries += listed;
            return listed;
        } catch (ZipException e) {
            if (e.getMessage() != null && e.getMessage().contains("bad entry name")) {
                throw badName(name);
            }
            throw unreadable(name, e);
        } catch (IllegalArgumentException e) {
            throw badName(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ProblemException tooManyEntries() {
        return ProblemException.badRequest("file", "The archives of this upload hold more than "
                + limits.maxEntries() + " entries; split the upload into several versions or archives");
    }

    private ProblemException tooLarge() {
        return ProblemException.tooLarge("file", "The archives of this upload expand to more than "
                + limits.maxTotalBytes() + " bytes; upload fewer or smaller files per version");
    }

    private ProblemException bomb(String where) {
        return ProblemException.badRequest("file", "The entry " + where + " expands more than "
                + limits.maxRatio() + " times its compressed size; such archives (zip bombs) are refused. "
                + "Upload the file uncompressed or compressed with gzip instead");
    }

    private static ProblemException unreadable(String name, IOException e) {
        return ProblemException.badRequest("file", "'" + name + "' could not be read as a zip archive ("
                + e.getMessage() + "); check that it is complete and not encrypted");
    }

    private static ZipEntry next(ZipInputStream zip, String name) throws IOException {
        try {
            return zip.getNextEntry();
        } catch (IllegalArgumentException e) {
            // strict UTF-8: a name in another encoding (e.g. CP437 or Latin-1 without the UTF-8 flag) is malformed
            throw badName(name);
        } catch (ZipException e) {
            if (e.getMessage() != null && e.getMessage().contains("bad entry name")) {
                throw badName(name);
            }
            throw e;
        }
    }

    private static ProblemException badName(String name) {
        return ProblemException.badRequest("file", "The archive '" + name + "' has an entry whose name is not valid UTF-8; "
                + "re-create it with a tool that writes UTF-8 names (e.g. 'zip' on Linux, 7-Zip, or Python's zipfile)");
    }

    private long copy(ZipInputStream zip, CountingInputStream counted, Path local, String where) throws IOException {
        long start = counted.count();
        long written = 0;
        byte[] buffer = new byte[BUFFER];
        try (OutputStream out = Files.newOutputStream(local)) {
            for (int n; (n = zip.read(buffer)) > 0; ) {
                written += n;
                totalBytes += n;
                if (totalBytes > limits.maxTotalBytes()) {
                    throw tooLarge();
                }
                long read = Math.max(1, counted.count() - start);
                if (written > limits.ratioGraceBytes() && written > read * limits.maxRatio()) {
                    throw bomb(where);
                }
                out.write(buffer, 0, n);
            }
        }
        return written;
    }

    /** Counts the compressed bytes the zip reader really consumed. */
    private static final class CountingInputStream extends FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }
}
