package org.kernelforge.datasets;

import org.kernelforge.storage.StoredFile;
import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.datasets.DatasetViews.Preview;
import org.kernelforge.storage.BlobStore;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * The first rows of a CSV (or gzip-compressed CSV) file with inferred column types ({@link CsvHead}). Reads only the first
 * {@value #WINDOW} bytes of the object (one ranged read), and at most as many bytes after decompression.
 */
@ApplicationScoped
public class CsvPreview {

    static final int WINDOW = 1 << 20;
    public static final int DEFAULT_ROWS = 20;
    static final int MAX_ROWS = 200;

    private final BlobStore blobs;

    public CsvPreview(BlobStore blobs) {
        this.blobs = blobs;
    }

    public static boolean supports(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        return p.endsWith(".csv") || p.endsWith(".csv.gz");
    }

    public Preview preview(StoredFile file, int rows) {
        boolean gzip = file.path().toLowerCase(Locale.ROOT).endsWith(".gz");
        long window = Math.min(file.size(), WINDOW);
        try (InputStream ranged = blobs.openRange(file.sha256(), 0, window)) {
            Window data = new Window(gzip ? new GZIPInputStream(ranged) : ranged, WINDOW);
            return CsvHead.read(decoder(data), rows, () -> file.size() > window || data.cut);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Reader decoder(InputStream in) {
        return new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
    }

    /** At most {@code limit} bytes; a truncated gzip stream ends instead of failing. Records whether it was cut. */
    private static final class Window extends FilterInputStream {
        private long left;
        private boolean checkedEnd;
        boolean cut;

        Window(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                if (!checkedEnd) {
                    checkedEnd = true;
                    try {
                        cut |= super.read() >= 0;
                    } catch (EOFException e) {
                        cut = true;
                    }
                }
                return -1;
            }
            try {
                int n = super.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            } catch (EOFException e) {
                cut = true;
                return -1;
            }
        }
    }
}
