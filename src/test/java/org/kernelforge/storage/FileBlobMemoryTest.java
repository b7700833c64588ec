package org.kernelforge.storage;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A file on disk (an output, an extracted zip member) goes to the object store without passing through the heap. */
@QuarkusTest
class FileBlobMemoryTest {

    private static final int SIZE = 40 << 20;

    @Inject
    BlobStore blobs;

    @Test
    void storingAFortyMebibyteFileAllocatesFarLessThanItsSize() throws Exception {
        Path file = Files.createTempFile("blob-memory", ".bin");
        try {
            Random random = new Random();
            byte[] chunk = new byte[1 << 20];
            try (OutputStream out = Files.newOutputStream(file)) {
                for (int i = 0; i < SIZE / chunk.length; i++) {
                    random.nextBytes(chunk);
                    out.write(chunk);
                }
            }
            long before = allocatedByAllThreads();
            BlobStore.Blob blob = blobs.store(file);
            long allocated = allocatedByAllThreads() - before;
            assertEquals(SIZE, blob.size());
            assertTrue(allocated < 16 << 20, "storing a 40 MiB file allocated " + (allocated >> 20) + " MiB");
            try (InputStream in = blobs.open(blob.sha256())) {
                assertEquals(blob.sha256(), BlobStore.sha256(copy(in)));
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static Path copy(InputStream in) throws Exception {
        Path back = Files.createTempFile("blob-back", ".bin");
        Files.copy(in, back, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        back.toFile().deleteOnExit();
        return back;
    }

    private static long allocatedByAllThreads() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return Arrays.stream(threads.getThreadAllocatedBytes(threads.getAllThreadIds())).filter(n -> n > 0).sum();
    }
}
