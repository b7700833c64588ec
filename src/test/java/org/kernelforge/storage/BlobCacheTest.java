package org.kernelforge.storage;

import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Downloads come from the server's blob cache when it has the blob, and from the object store when not. */
@QuarkusTest
class BlobCacheTest {

    private static Path cacheDir() {
        return Path.of(ConfigProvider.getConfig().getValue("kernelforge.data-dir", String.class)).resolve("cache").resolve("blobs")
                .resolve(ConfigProvider.getConfig().getValue("kernelforge.storage.bucket", String.class));
    }

    @Test
    void bytesAndRangesAreTheSameFromTheCacheAndFromTheObjectStore() throws Exception {
        TestAccounts.Account eve = TestAccounts.signUp("eve");
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new Random().nextBytes(content); // content of this run only: no earlier run cached it
        eve.given().multiPart("metadata", "{\"title\":\"Cache check\",\"id\":\"" + eve.username() + "/cache-check\"}", "application/json")
                .multiPart("file", "blob.bin", content, "application/octet-stream")
                .post("/api/datasets").then().statusCode(201);
        String url = "/api/datasets/" + eve.username() + "/cache-check/versions/1/files/blob.bin";
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        Path cachedFile = cacheDir().resolve(sha256.substring(0, 2)).resolve(sha256);
        assertTrue(Files.isRegularFile(cachedFile), "the upload was kept in the cache as " + cachedFile);
        assertArrayEquals(content, Files.readAllBytes(cachedFile), "the cached file holds the upload");
        byte[] cached = eve.given().get(url).then().statusCode(200).extract().asByteArray();
        byte[] cachedRange = eve.given().header("Range", "bytes=1000-2999999").get(url).then().statusCode(206).extract().asByteArray();

        try (Stream<Path> walk = Files.walk(cacheDir())) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        byte[] stored = eve.given().get(url).then().statusCode(200).extract().asByteArray();
        byte[] storedRange = eve.given().header("Range", "bytes=1000-2999999").get(url).then().statusCode(206).extract().asByteArray();

        assertArrayEquals(content, cached);
        assertArrayEquals(content, stored);
        byte[] expectedRange = java.util.Arrays.copyOfRange(content, 1000, 3_000_000);
        assertArrayEquals(expectedRange, cachedRange);
        assertArrayEquals(expectedRange, storedRange);
    }
}
