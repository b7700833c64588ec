package org.kernelforge.storage;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * Many blobs read one after the other (the files of an archive). One read per blob would cost a database lookup and
 * a request to the object store for each of a hundred thousand small packed files; here locations are looked up a
 * thousand at a time, and blobs that follow each other in a pack come from one ranged read of it.
 */
@ApplicationScoped
public class BlobSequence {

    /** Blobs whose locations one query of {@link #readEach} looks up. */
    private static final int READ_CHUNK = 1000;
    /** Bytes between two blobs of a pack that {@link #readEach} reads and drops rather than asking again. */
    private static final long READ_THROUGH_GAP = 1 << 20;

    private final BlobStore blobs;
    private final BlobLocations locations;
    private final ObjectStore store;

    BlobSequence(BlobStore blobs, BlobLocations locations, ObjectStore store) {
        this.blobs = blobs;
        this.locations = locations;
        this.store = store;
    }

    /** Takes the content of one blob of {@link #readEach}; the stream is closed after it. */
    public interface BlobReader {
        void read(int index, InputStream content) throws IOException;
    }

    /**
     * Reads many blobs in their order (the files of an archive): locations are looked up a thousand at a time, and
     * blobs that follow each other in a pack come from one ranged read of it, however many they are.
     */
    public void readEach(List<String> sha256s, BlobReader reader) throws IOException {
        for (int start = 0; start < sha256s.size(); start += READ_CHUNK) {
            List<String> chunk = sha256s.subList(start, Math.min(sha256s.size(), start + READ_CHUNK));
            Map<String, BlobLocations.Location> where = locations.findAll(chunk);
            int i = 0;
            while (i < chunk.size()) {
                BlobLocations.Location first = where.get(chunk.get(i));
                if (first == null || !first.packed()) {
                    try (InputStream in = blobs.open(chunk.get(i))) {
                        reader.read(start + i, in);
                    }
                    i++;
                    continue;
                }
                int end = i + 1;
                long endOffset = first.offset() + first.length();
                for (BlobLocations.Location next; end < chunk.size() && (next = where.get(chunk.get(end))) != null
                        && next.packed() && next.objectKey().equals(first.objectKey()) && next.offset() >= endOffset
                        && next.offset() - endOffset <= READ_THROUGH_GAP; end++) {
                    endOffset = next.offset() + next.length();
                }
                readRun(chunk.subList(i, end), where, start + i, endOffset, reader);
                i = end;
            }
        }
    }

    /** Blobs that follow each other in one pack, from one ranged read of it up to {@code endOffset}. */
    private void readRun(List<String> run, Map<String, BlobLocations.Location> where, int firstIndex, long endOffset,
                         BlobReader reader) throws IOException {
        BlobLocations.Location first = where.get(run.get(0));
        long length = endOffset - first.offset();
        try (InputStream pack = length == 0 ? InputStream.nullInputStream()
                : store.openRange(first.objectKey(), first.offset(), length)) {
            long position = first.offset();
            for (int k = 0; k < run.size(); k++) {
                BlobLocations.Location at = where.get(run.get(k));
                pack.skipNBytes(at.offset() - position);
                byte[] bytes = pack.readNBytes(Math.toIntExact(at.length()));
                if (bytes.length != at.length()) {
                    throw new StorageException("The pack " + first.objectKey() + " ends before its blob " + run.get(k), null);
                }
                reader.read(firstIndex + k, new ByteArrayInputStream(bytes));
                position = at.offset() + at.length();
            }
        }
    }
}
