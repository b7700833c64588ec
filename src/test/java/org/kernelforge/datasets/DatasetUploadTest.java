package org.kernelforge.datasets;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts.Account;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kernelforge.datasets.DatasetFixtures.freshCsv;
import static org.kernelforge.datasets.DatasetFixtures.metadata;
import static org.kernelforge.datasets.DatasetFixtures.sha256;
import static org.kernelforge.TestAccounts.signUp;
import static org.kernelforge.TestAccounts.uniqueName;
import static org.kernelforge.datasets.DatasetFixtures.upload;

@QuarkusTest
class DatasetUploadTest {

    @Inject
    UploadedFiles uploadedFiles;

    @Test
    void csvUploadRoundTripsByteForByte() {
        Account alice = signUp("alice");
        String slug = uniqueName("scores");
        byte[] csv = freshCsv(500);
        upload(alice, metadata(alice.username(), slug, "Exam scores", false))
                .multiPart("file", "scores.csv", csv, "text/csv")
                .post("/api/datasets")
                .then().statusCode(201)
                .header("Location", endsWith("/api/datasets/" + alice.username() + "/" + slug))
                .body("ref", equalTo(alice.username() + "/" + slug))
                .body("version", equalTo(1))
                .body("url", endsWith("/datasets/" + alice.username() + "/" + slug));

        String base = "/api/datasets/" + alice.username() + "/" + slug;
        given().get(base + "/versions/1/files").then().statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].path", equalTo("scores.csv"))
                .body("[0].size", equalTo(csv.length))
                .body("[0].sha256", equalTo(sha256(csv)));
        Response file = given().get(base + "/versions/latest/files/scores.csv");
        assertEquals(200, file.statusCode());
        assertArrayEquals(csv, file.asByteArray());
        assertEquals(String.valueOf(csv.length), file.header("Content-Length"));
        assertEquals("\"" + sha256(csv) + "\"", file.header("ETag"));
        assertEquals("bytes", file.header("Accept-Ranges"));
        assertEquals(null, file.header("Content-Encoding"));
        org.hamcrest.MatcherAssert.assertThat(file.contentType(), startsWith("text/csv"));

        given().get(base).then().statusCode(200)
                .body("title", equalTo("Exam scores"))
                .body("subtitle", equalTo("Test data for " + slug))
                .body("licenseName", equalTo("CC0-1.0"))
                .body("keywords", equalTo(List.of("testing", "tabular")))
                .body("isPrivate", equalTo(false))
                .body("currentVersion", equalTo(1))
                .body("versions.size()", equalTo(1))
                .body("versions[0].version", equalTo(1))
                .body("versions[0].fileCount", equalTo(1))
                .body("versions[0].totalBytes", equalTo(csv.length))
                .body("versions[0].createdBy", equalTo(alice.username()));
    }

    @Test
    void zipUploadIsExtractedAndWholeVersionDownloadsAsZip() throws IOException {
        Account bob = signUp("bob");
        String slug = uniqueName("zipped");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("train.csv", freshCsv(300));
        entries.put("nested/test.csv", freshCsv(100));
        entries.put("données/été.csv", freshCsv(20));
        entries.put("nested/inner.zip", DatasetFixtures.zip(Map.of("x.txt", "kept as a file".getBytes(StandardCharsets.UTF_8))));
        byte[] readme = "plain part beside the archive".getBytes(StandardCharsets.UTF_8);
        upload(bob, metadata(bob.username(), slug, "Zipped data", false))
                .multiPart("file", "data.zip", DatasetFixtures.zip(entries), "application/zip")
                .multiPart("file", "notes.txt", readme, "text/plain")
                .post("/api/datasets").then().statusCode(201);

        String base = "/api/datasets/" + bob.username() + "/" + slug + "/versions/1";
        given().get(base + "/files").then().statusCode(200)
                .body("path", equalTo(List.of("données/été.csv", "nested/inner.zip", "nested/test.csv", "notes.txt",
                        "train.csv")));
        assertEquals(0, DatasetFixtures.filesUnder(uploadedFiles.tempRoot()), "extracted files are deleted");
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            assertArrayEquals(e.getValue(), given().get(base + "/files/" + e.getKey()).then().statusCode(200)
                    .extract().asByteArray(), e.getKey());
        }

        Response zip = given().get(base + "/download");
        assertEquals(200, zip.statusCode());
        assertEquals("attachment; filename=\"" + slug + "-v1.zip\"", zip.header("Content-Disposition"));
        org.hamcrest.MatcherAssert.assertThat(zip.contentType(), startsWith("application/zip"));
        Map<String, byte[]> downloaded = unzip(zip.asByteArray());
        Map<String, byte[]> expected = new HashMap<>(entries);
        expected.put("notes.txt", readme);
        assertEquals(expected.keySet(), downloaded.keySet());
        expected.forEach((path, bytes) -> assertArrayEquals(bytes, downloaded.get(path), path));
    }

    @Test
    void slugComesFromTheTitleWhenIdIsMissingAndATakenSlugIsAConflict() {
        Account erin = signUp("erin");
        String title = "Weather " + uniqueName("Station");
        String slug = title.toLowerCase().replace(' ', '-');
        String metadata = "{\"title\":\"" + title + "\",\"licenses\":[{\"name\":\"CC-BY-4.0\"}]}";
        upload(erin, metadata).multiPart("file", "w.csv", freshCsv(3), "text/csv")
                .post("/api/datasets").then().statusCode(201)
                .body("ref", equalTo(erin.username() + "/" + slug));
        erin.given().get("/api/datasets/" + erin.username() + "/" + slug).then().statusCode(200)
                .body("isPrivate", equalTo(true));

        upload(erin, metadata).multiPart("file", "w.csv", freshCsv(3), "text/csv")
                .post("/api/datasets").then().statusCode(409)
                .contentType("application/problem+json")
                .body("field", equalTo("id"));
    }

    @Test
    void usersCreateDatasetsOnlyUnderTheirOwnNameButAdminsForAnyone() {
        Account frank = signUp("frank");
        Account grace = signUp("grace");
        String slug = uniqueName("theirs");
        upload(frank, metadata(grace.username(), slug, "Not mine", false))
                .multiPart("file", "a.csv", freshCsv(3), "text/csv")
                .post("/api/datasets").then().statusCode(403).body("field", equalTo("id"));
        given().get("/api/datasets/" + grace.username() + "/" + slug).then().statusCode(404);

        upload(DatasetFixtures.admin(), metadata(grace.username(), slug, "Made by admin", false))
                .multiPart("file", "a.csv", freshCsv(3), "text/csv")
                .post("/api/datasets").then().statusCode(201).body("ref", equalTo(grace.username() + "/" + slug));
        grace.given().multiPart("file", "b.csv", freshCsv(3), "text/csv")
                .post("/api/datasets/" + grace.username() + "/" + slug + "/versions").then().statusCode(201);
    }

    @Test
    void metadataMayComeAsADatasetMetadataJsonFile() {
        Account kim = signUp("kim");
        String slug = uniqueName("described");
        String description = "Long description. ".repeat(300);
        String metadata = "{\"title\":\"Described data\",\"id\":\"" + kim.username() + "/" + slug
                + "\",\"description\":\"" + description + "\",\"resources\":[{\"path\":\"a.csv\"}]}";
        kim.given().multiPart("metadata", "dataset-metadata.json", metadata.getBytes(StandardCharsets.UTF_8),
                        "application/json")
                .multiPart("file", "a.csv", freshCsv(3), "text/csv")
                .post("/api/datasets").then().statusCode(201);
        kim.given().get("/api/datasets/" + kim.username() + "/" + slug).then().statusCode(200)
                .body("description", equalTo(description.strip()));
    }

    @Test
    void smallButVeryCompressibleFilesInArchivesAreAccepted() {
        Account henry = signUp("henry");
        String slug = uniqueName("sparse");
        byte[] zeros = new byte[512 * 1024];
        upload(henry, metadata(henry.username(), slug, "Sparse data", false))
                .multiPart("file", "sparse.zip", DatasetFixtures.zip(Map.of("zeros.bin", zeros)), "application/zip")
                .post("/api/datasets").then().statusCode(201);
        assertArrayEquals(zeros, given().get("/api/datasets/" + henry.username() + "/" + slug
                + "/versions/1/files/zeros.bin").asByteArray());
    }

    @Test
    void concurrentCreationOfOneSlugGivesOne201AndOtherwise409() throws Exception {
        Account ivy = signUp("ivy");
        String slug = uniqueName("race");
        int racers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                byte[] data = freshCsv(40_000);
                statuses.add(pool.submit(() -> {
                    start.await();
                    return upload(ivy, metadata(ivy.username(), slug, "Race", false))
                            .multiPart("file", "race.csv", data, "text/csv").post("/api/datasets").statusCode();
                }));
            }
            start.countDown();
            List<Integer> results = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                results.add(status.get(120, TimeUnit.SECONDS));
            }
            Collections.sort(results);
            assertEquals(List.of(201, 409, 409, 409), results);
        } finally {
            pool.shutdownNow();
        }
        given().get("/api/datasets/" + ivy.username() + "/" + slug).then().statusCode(200)
                .body("versions.size()", equalTo(1));
    }

    static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                files.put(e.getName(), in.readAllBytes());
            }
        }
        return files;
    }
}
