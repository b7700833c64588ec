package org.kernelforge.datasets;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts.Account;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kernelforge.datasets.DatasetFixtures.freshCsv;
import static org.kernelforge.datasets.DatasetFixtures.metadata;
import static org.kernelforge.TestAccounts.signUp;
import static org.kernelforge.TestAccounts.uniqueName;
import static org.kernelforge.datasets.DatasetFixtures.upload;
import static org.kernelforge.datasets.DatasetFixtures.zip;

/** kernelforge.datasets.zip.max-entries and max-total-bytes, with small values. */
@QuarkusTest
@TestProfile(DatasetZipLimitsTest.SmallLimits.class)
class DatasetZipLimitsTest {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kernelforge.datasets.zip.max-entries", "3",
                    "kernelforge.datasets.zip.max-total-bytes", "100000");
        }
    }

    @Inject
    UploadedFiles uploadedFiles;

    @Test
    void archivesWithTooManyEntriesOrBytesAreRefusedAndLeaveNothing() {
        Account user = signUp("limits");
        String slug = uniqueName("limited");
        Map<String, byte[]> four = new LinkedHashMap<>();
        for (int i = 1; i <= 4; i++) {
            four.put("part-" + i + ".csv", freshCsv(2));
        }
        upload(user, metadata(user.username(), slug, "Too many", false))
                .multiPart("file", "four.zip", zip(four), "application/zip")
                .post("/api/datasets").then().statusCode(400)
                .body("field", equalTo("file")).body("detail", containsString("more than 3 entries"));

        byte[] noise = new byte[60_000];
        new Random(7).nextBytes(noise);
        upload(user, metadata(user.username(), slug, "Too big", false))
                .multiPart("file", "a.zip", zip(Map.of("a.bin", noise)), "application/zip")
                .multiPart("file", "b.zip", zip(Map.of("b.bin", noise.clone())), "application/zip")
                .post("/api/datasets").then().statusCode(413)
                .body("field", equalTo("file")).body("detail", containsString("more than 100000 bytes"));

        user.given().get("/api/datasets/" + user.username() + "/" + slug).then().statusCode(404);
        assertEquals(0, DatasetFixtures.filesUnder(uploadedFiles.tempRoot()));

        upload(user, metadata(user.username(), slug, "Just right", false))
                .multiPart("file", "ok.zip", zip(Map.of("a.bin", noise)), "application/zip")
                .post("/api/datasets").then().statusCode(201);
    }
}
