package org.kernelforge.datasets;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts.Account;
import org.kernelforge.storage.ObjectStore;

import java.util.Random;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kernelforge.TestAccounts.signUp;
import static org.kernelforge.TestAccounts.uniqueName;
import static org.kernelforge.datasets.DatasetFixtures.metadata;
import static org.kernelforge.datasets.DatasetFixtures.upload;

/** Multipart uploads are stored while they arrive: refused metadata stores nothing, a stored file reads back. */
@QuarkusTest
class StreamedUploadTest {

    @Inject
    ObjectStore objects;

    @Test
    void metadataRefusedBeforeTheFilesStoresNoBlob() {
        Account fay = signUp("fay");
        java.util.List<String> beforeKeys = objects.list("blobs/");
        int before = beforeKeys.size();
        upload(fay, metadata(fay.username(), uniqueName("bad"), "x", false))
                .multiPart("file", "big.bin", random(3 * 1024 * 1024), "application/octet-stream")
                .post("/api/datasets").then().statusCode(400).body("field", equalTo("title"));
        java.util.List<String> after = new java.util.ArrayList<>(objects.list("blobs/"));
        after.removeAll(beforeKeys);
        assertEquals(before, objects.list("blobs/").size(), "nothing was stored for a refused upload: " + after);
    }

    @Test
    void aLargeFileIsStoredUnderItsOwnKeyAndReadsBack() {
        Account gus = signUp("gus");
        String slug = uniqueName("streamed");
        byte[] content = random(20 * 1024 * 1024 + 11);
        int before = objects.list("blobs/by-upload/").size();
        upload(gus, metadata(gus.username(), slug, "Streamed upload", true))
                .multiPart("file", "big.bin", content, "application/octet-stream")
                .post("/api/datasets").then().statusCode(201);
        assertEquals(before + 1, objects.list("blobs/by-upload/").size());
        byte[] range = gus.given().header("Range", "bytes=17000000-17000099")
                .get("/api/datasets/" + gus.username() + "/" + slug + "/versions/1/files/big.bin")
                .then().statusCode(206).extract().asByteArray();
        assertArrayEquals(java.util.Arrays.copyOfRange(content, 17_000_000, 17_000_100), range);
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random().nextBytes(bytes);
        return bytes;
    }
}
