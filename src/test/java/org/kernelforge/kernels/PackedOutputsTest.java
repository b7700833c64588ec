package org.kernelforge.kernels;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;
import org.kernelforge.storage.BlobLocation;
import org.kernelforge.storage.BlobPack;
import org.kernelforge.storage.BlobStore;
import org.kernelforge.storage.ObjectStore;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernelforge.kernels.KernelFixtures.as;

/**
 * Small output files stored several to a pack object: a real run leaving 40 small distinct files, a duplicate, an
 * empty file and a large file, with packs of at most {@value #PACK_BYTES} bytes so that the small files span several
 * packs. Every file downloads byte-identical, alone, in ranges at the edges of its pack and in the archive.
 */
@QuarkusTest
@TestProfile(PackedOutputsTest.SmallPacks.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PackedOutputsTest {

    static final int PACK_BYTES = 10_000;
    private static final int SMALL_FILES = 40;
    private static final int LARGE_BYTES = 200_000;
    private static final Duration RUN = Duration.ofSeconds(120);

    public static class SmallPacks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kernelforge.storage.pack-max-bytes", String.valueOf(PACK_BYTES));
        }
    }

    /** The kernel writes exactly the bytes {@link #expectedFiles()} computes. */
    private static final String SOURCE = """
            import os
            os.makedirs('/kaggle/working/small', exist_ok=True)
            def small(i):
                return bytes((i * 7 + j) %% 256 for j in range(1000 + 97 * i))
            for i in range(%d):
                open('/kaggle/working/small/f%%02d.bin' %% i, 'wb').write(small(i))
            open('/kaggle/working/small/copy-of-f05.bin', 'wb').write(small(5))
            open('/kaggle/working/small/empty.txt', 'w').close()
            open('/kaggle/working/large.bin', 'wb').write(bytes(j %% 251 for j in range(%d)))
            """.formatted(SMALL_FILES, LARGE_BYTES);

    @Inject
    ObjectStore store;

    private Account owner;
    private String base;
    private int version;

    /** The run every test looks at, made by the first test (the server is not up yet in a @BeforeAll). */
    @BeforeEach
    void runTheKernelOnce() {
        if (owner != null) {
            return;
        }
        owner = TestAccounts.signUp("packer");
        version = KernelFixtures.push(owner, "packed", KernelFixtures.script(SOURCE));
        Map<String, Object> v = KernelFixtures.awaitFinished(owner, "packed", version, RUN);
        assertEquals("complete", v.get("status"), String.valueOf(v));
        assertNotNull(v.get("captureMillis"), "capture counts in the version's timings: " + v);
        base = "/api/kernels/" + owner.username() + "/packed/versions/" + version;
    }

    @Test
    void smallFilesArePackedSeveralToAnObjectAndTheLargeFileIsABlobOfItsOwn() {
        Map<String, byte[]> expected = expectedFiles();
        Map<String, Optional<BlobLocation>> where = new TreeMap<>();
        expected.forEach((path, bytes) -> where.put(path, location(sha256(bytes))));
        List<String> packs = where.entrySet().stream().filter(e -> e.getKey().startsWith("small/f"))
                .map(e -> e.getValue().orElseThrow(() -> new AssertionError(e.getKey() + " is not packed")).objectKey)
                .distinct().toList();
        assertTrue(packs.size() >= 5, "about 100 KB in packs of 10 KB: " + packs);
        packs.forEach(key -> assertTrue(key.startsWith("blobs/packs/"), key));
        assertTrue(packs.size() < SMALL_FILES, "several files share a pack: " + packs);
        assertTrue(where.get("large.bin").isEmpty(), "a large file stays one blob under its own key");
        assertTrue(store.exists(BlobStore.key(sha256(expected.get("large.bin")))));
        assertEquals(where.get("small/f05.bin").orElseThrow().packOffset, where.get("small/copy-of-f05.bin").orElseThrow().packOffset,
                "the same content is packed once");
        for (String key : packs) {
            BlobPack pack = QuarkusTransaction.requiringNew().call(() -> BlobPack.<BlobPack>findById(key));
            assertEquals(pack.size, store.stat(key).orElseThrow(), "the pack's recorded size is its object's");
        }
    }

    @Test
    void everyFileDownloadsByteIdenticalWithItsHeaders() {
        for (Map.Entry<String, byte[]> file : expectedFiles().entrySet()) {
            Response response = as(owner).get(base + "/output/" + file.getKey());
            response.then().statusCode(200)
                    .header("ETag", "\"" + sha256(file.getValue()) + "\"")
                    .header("Content-Length", String.valueOf(file.getValue().length))
                    .header("Last-Modified", org.hamcrest.Matchers.endsWith(" GMT"));
            assertArrayEquals(file.getValue(), response.asByteArray(), file.getKey());
        }
    }

    @Test
    void rangesAtTheEdgesOfAPackHoldOnlyTheFilesBytes() {
        Map<String, byte[]> expected = expectedFiles();
        int checkedFirst = 0;
        int checkedLast = 0;
        for (int i = 0; i < SMALL_FILES; i++) {
            String path = "small/f%02d.bin".formatted(i);
            byte[] bytes = expected.get(path);
            BlobLocation at = location(sha256(bytes)).orElseThrow();
            BlobPack pack = QuarkusTransaction.requiringNew().call(() -> BlobPack.<BlobPack>findById(at.objectKey));
            boolean first = at.packOffset == 0;
            boolean last = at.packOffset + at.packLength == pack.size;
            if (!first && !last) {
                continue;
            }
            checkedFirst += first ? 1 : 0;
            checkedLast += last ? 1 : 0;
            int n = bytes.length;
            assertRange(path, "bytes=0-0", bytes, 0, 1);
            assertRange(path, "bytes=-1", bytes, n - 1, n);
            assertRange(path, "bytes=" + (n - 10) + "-", bytes, n - 10, n);
            assertRange(path, "bytes=" + (n - 5) + "-" + (n + 1000), bytes, n - 5, n);
            assertRange(path, "bytes=0-" + (n - 1), bytes, 0, n);
            as(owner).header("Range", "bytes=" + n + "-").get(base + "/output/" + path).then().statusCode(416);
        }
        assertTrue(checkedFirst >= 2 && checkedLast >= 2, "first and last files of several packs: " + checkedFirst + ", " + checkedLast);
    }

    @Test
    void theArchiveHoldsEveryFileByteIdentical() throws IOException {
        byte[] zip = as(owner).get(base + "/output.zip").then().statusCode(200).contentType("application/zip")
                .extract().asByteArray();
        Map<String, byte[]> archived = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                archived.put(entry.getName(), in.readAllBytes());
            }
        }
        Map<String, byte[]> expected = expectedFiles();
        assertEquals(expected.keySet(), archived.keySet());
        expected.forEach((path, bytes) -> assertArrayEquals(bytes, archived.get(path), path));
    }

    @Test
    void theListingPagesThroughPackedAndLargeFiles() {
        String next = base + "/output?limit=10";
        List<String> paths = new ArrayList<>();
        while (next != null) {
            Response page = as(owner).urlEncodingEnabled(false).get(next);
            page.then().statusCode(200).header("X-Total-Count", String.valueOf(SMALL_FILES + 3));
            List<Integer> sizes = page.path("size");
            List<String> got = page.path("path");
            for (int i = 0; i < got.size(); i++) {
                assertEquals(expectedFiles().get(got.get(i)).length, sizes.get(i), got.get(i));
            }
            paths.addAll(got);
            String link = page.header("Link");
            next = link == null ? null : link.substring(link.indexOf('<') + 1, link.indexOf('>'));
        }
        assertEquals(new ArrayList<>(expectedFiles().keySet()), paths);
    }

    @Test
    void aSecondRunOfTheSameFilesStoresNoNewPack() {
        long packsBefore = QuarkusTransaction.requiringNew().call(() -> BlobPack.count());
        int again = KernelFixtures.push(owner, "packed", KernelFixtures.script(SOURCE + "\nprint('again')\n"));
        assertEquals("complete", KernelFixtures.awaitFinished(owner, "packed", again, RUN).get("status"));
        assertEquals(packsBefore, (long) QuarkusTransaction.requiringNew().call(() -> BlobPack.count()),
                "every small file of the second version was packed already");
        String second = "/api/kernels/" + owner.username() + "/packed/versions/" + again;
        expectedFiles().forEach((path, bytes) ->
                assertArrayEquals(bytes, as(owner).get(second + "/output/" + path).then().statusCode(200).extract().asByteArray(), path));
    }

    @Test
    void anotherUserCannotReadAPrivateKernelsPackedFile() {
        as(owner).contentType("application/json").body(Map.of("is_private", true))
                .patch("/api/kernels/" + owner.username() + "/packed").then().statusCode(org.hamcrest.Matchers.lessThan(300));
        try {
            Account other = TestAccounts.signUp("snoop");
            as(other).get(base + "/output/small/f01.bin").then().statusCode(404);
            as(other).get(base + "/output.zip").then().statusCode(404);
        } finally {
            as(owner).contentType("application/json").body(Map.of("is_private", false))
                    .patch("/api/kernels/" + owner.username() + "/packed").then().statusCode(org.hamcrest.Matchers.lessThan(300));
        }
    }

    private void assertRange(String path, String range, byte[] bytes, int from, int to) {
        Response response = as(owner).header("Range", range).get(base + "/output/" + path);
        response.then().statusCode(206)
                .header("Content-Range", "bytes " + from + "-" + (to - 1) + "/" + bytes.length)
                .header("Content-Length", String.valueOf(to - from));
        assertArrayEquals(Arrays.copyOfRange(bytes, from, to), response.asByteArray(), path + " " + range);
    }

    /** Path to bytes, in path order, as the kernel wrote them. */
    private static Map<String, byte[]> expectedFiles() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        TreeMap<String, byte[]> sorted = new TreeMap<>();
        for (int i = 0; i < SMALL_FILES; i++) {
            sorted.put("small/f%02d.bin".formatted(i), small(i));
        }
        sorted.put("small/copy-of-f05.bin", small(5));
        sorted.put("small/empty.txt", new byte[0]);
        byte[] large = new byte[LARGE_BYTES];
        for (int j = 0; j < LARGE_BYTES; j++) {
            large[j] = (byte) (j % 251);
        }
        sorted.put("large.bin", large);
        files.putAll(sorted);
        return files;
    }

    private static byte[] small(int i) {
        byte[] bytes = new byte[1000 + 97 * i];
        for (int j = 0; j < bytes.length; j++) {
            bytes[j] = (byte) ((i * 7 + j) % 256);
        }
        return bytes;
    }

    private static Optional<BlobLocation> location(String sha256) {
        return QuarkusTransaction.requiringNew().call(() -> BlobLocation.<BlobLocation>findByIdOptional(sha256));
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(BlobStore.newDigest().digest(bytes));
    }
}
