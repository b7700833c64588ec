package org.kernelforge.storage;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Streams stored while they arrive: one location per content, nothing left of a failed stream, old blobs readable. */
@QuarkusTest
class BlobStreamingTest {

    private static final String STREAMED = "blobs/by-upload/";

    @Inject
    BlobStore blobs;

    @Inject
    ObjectStore objects;

    @Inject
    BlobLocations locations;

    @Test
    void aStreamedBlobReadsBackAndTheSameContentAgainStoresNoSecondObject() throws IOException {
        // several parts, the last one short
        byte[] content = random(40 * 1024 * 1024 + 3);
        int before = objects.list(STREAMED).size();
        BlobStore.Blob blob = blobs.store(new ByteArrayInputStream(content), content.length);
        assertEquals(sha256(content), blob.sha256());
        assertEquals(content.length, blob.size());
        assertEquals(before + 1, objects.list(STREAMED).size());
        assertTrue(blobs.contains(blob.sha256()));
        try (InputStream in = blobs.open(blob.sha256())) {
            assertArrayEquals(content, in.readAllBytes());
        }
        try (InputStream in = blobs.openRange(blob.sha256(), 100, 50)) {
            assertArrayEquals(java.util.Arrays.copyOfRange(content, 100, 150), in.readAllBytes());
        }

        assertEquals(blob, blobs.store(new ByteArrayInputStream(content), -1), "an unknown length reads to the end");
        assertEquals(before + 1, objects.list(STREAMED).size(), "the second copy was deleted");
    }

    @Test
    void identicalUploadsAtOnceEndWithOneRecordedLocationAndOneObject() throws Exception {
        byte[] content = random(3 * 1024 * 1024);
        int before = objects.list(STREAMED).size();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<BlobStore.Blob>> stored = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Callable<BlobStore.Blob> upload = () -> blobs.store(new ByteArrayInputStream(content), content.length);
                stored.add(pool.submit(upload));
            }
            for (Future<BlobStore.Blob> f : stored) {
                assertEquals(sha256(content), f.get().sha256());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(before + 1, objects.list(STREAMED).size());
        long rows = QuarkusTransaction.requiringNew().call(() -> BlobLocation.count("sha256", sha256(content)));
        assertEquals(1, rows);
        try (InputStream in = blobs.open(sha256(content))) {
            assertArrayEquals(content, in.readAllBytes());
        }
    }

    @Test
    void aFailedShortOrLongStreamLeavesNoObjectAndNoRecord() {
        byte[] content = random(40 * 1024 * 1024);
        int before = objects.list("blobs/").size();

        InputStream breaking = new InputStream() {
            private final InputStream in = new ByteArrayInputStream(content);
            private int read;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read > 20 * 1024 * 1024) { // after the first part was sent
                    throw new IOException("connection reset");
                }
                int n = in.read(b, off, Math.min(len, 64 * 1024));
                read += Math.max(n, 0);
                return n;
            }
        };
        assertThrows(UncheckedIOException.class, () -> blobs.store(breaking, content.length));
        assertThrows(StorageException.class, () -> blobs.store(new ByteArrayInputStream(content), content.length + 1));
        assertThrows(StorageException.class, () -> blobs.store(new ByteArrayInputStream(content), content.length - 1));
        byte[] small = random(1024 * 1024);
        assertThrows(StorageException.class, () -> blobs.store(new ByteArrayInputStream(small), small.length + 1));

        assertEquals(before, objects.list("blobs/").size());
        assertFalse(blobs.contains(sha256(content)));
        byte[] shorter = java.util.Arrays.copyOf(content, content.length - 1);
        assertFalse(blobs.contains(sha256(shorter)));
        assertTrue(locations.find(sha256(content)).isEmpty());
        assertFalse(blobs.contains(sha256(small)));
    }

    @Test
    void aBlobStoredUnderItsCanonicalKeyIsStillRead() throws IOException {
        byte[] content = random(200_000);
        String sha256 = sha256(content);
        objects.put(BlobStore.key(sha256), new ByteArrayInputStream(content), content.length, null);
        assertTrue(blobs.contains(sha256));
        try (InputStream in = blobs.open(sha256)) {
            assertArrayEquals(content, in.readAllBytes());
        }
        int streamed = objects.list(STREAMED).size();
        assertEquals(sha256, blobs.store(new ByteArrayInputStream(content), content.length).sha256());
        assertEquals(streamed, objects.list(STREAMED).size(), "content stored the old way is not stored again");
        assertTrue(locations.find(sha256).isEmpty());
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random().nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] content) {
        return HexFormat.of().formatHex(BlobStore.newDigest().digest(content));
    }
}
