package org.kernelforge.datasets;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kernelforge.RawMultipart;
import org.kernelforge.TestAccounts.Account;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.kernelforge.datasets.DatasetFixtures.freshCsv;
import static org.kernelforge.datasets.DatasetFixtures.metadata;
import static org.kernelforge.TestAccounts.signUp;
import static org.kernelforge.TestAccounts.uniqueName;
import static org.kernelforge.datasets.DatasetFixtures.zip;

/** Hostile or broken uploads: each is a clear 4xx naming the part, and leaves no row and no temporary file. */
@QuarkusTest
class DatasetUploadSafetyTest {

    @Inject
    UploadedFiles uploadedFiles;

    Account mallory;
    String slug;

    @BeforeEach
    void newUser() {
        mallory = signUp("mallory");
        slug = uniqueName("evil");
    }

    @AfterEach
    void nothingLeftBehind() throws InterruptedException {
        mallory.given().queryParam("owner", mallory.username()).get("/api/datasets").then().statusCode(200)
                .body("total", equalTo(0));
        mallory.given().get("/api/datasets/" + mallory.username() + "/" + slug).then().statusCode(404);
        awaitNoFiles(uploadedFiles.tempRoot());
        awaitNoFiles(DatasetFixtures.uploadsDir());
    }

    @Test
    void zipPathTraversalIsRefused() {
        for (String name : List.of("../evil.txt", "/etc/passwd", "a/../../b.txt", "..\\evil.txt", "C:/evil.txt",
                "C:\\Windows\\evil.txt", "./sneaky.txt", "a//b.txt")) {
            byte[] archive = zip(Map.of("good.csv", freshCsv(2), name, "pwned".getBytes(StandardCharsets.UTF_8)));
            assertRejected(create(r -> r.multiPart("file", "data.zip", archive, "application/zip")), 400, "file", name);
        }
    }

    @Test
    void zipBombIsRefused() throws IOException {
        Path bomb = Files.createTempFile("bomb", ".zip");
        try {
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(bomb))) {
                zip.putNextEntry(new ZipEntry("zeros.bin"));
                byte[] zeros = new byte[1 << 20];
                for (int i = 0; i < 200; i++) {
                    zip.write(zeros);
                }
                zip.closeEntry();
            }
            assertThat(Files.size(bomb) < 1_000_000, equalTo(true));
            assertRejected(create(r -> r.multiPart("file", bomb.toFile(), "application/zip")), 400, "file",
                    "zip bomb");
        } finally {
            Files.deleteIfExists(bomb);
        }
    }

    @Test
    void emptyFilesAreRefused() {
        assertRejected(create(r -> r.multiPart("file", "nothing.csv", new byte[0], "text/csv")), 400, "file",
                "'nothing.csv' is empty");
        byte[] archive = zip(Map.of("ok.csv", freshCsv(2), "hollow.csv", new byte[0]));
        assertRejected(create(r -> r.multiPart("file", "data.zip", archive, "application/zip")), 400, "file",
                "'hollow.csv' in data.zip is empty");
    }

    @Test
    void overlongNamesAreRefused() {
        String longSegment = "a".repeat(256) + ".csv";
        assertRejected(create(r -> r.multiPart("file", longSegment, freshCsv(2), "text/csv")), 400, "file",
                "longer than 255 bytes");
        String longPath = ("d".repeat(200) + "/").repeat(6) + "x.csv";
        byte[] archive = zip(Map.of(longPath, freshCsv(2)));
        assertRejected(create(r -> r.multiPart("file", "deep.zip", archive, "application/zip")), 400, "file",
                "longer than 1024 bytes");
        byte[] control = zip(Map.of("bell\u0007.csv", freshCsv(2)));
        assertRejected(create(r -> r.multiPart("file", "ctl.zip", control, "application/zip")), 400, "file",
                "control character");
    }

    @Test
    void duplicatePathsAreRefused() {
        byte[] csv = freshCsv(2);
        byte[] dupes = RawZip.stored(List.of(new RawZip.Entry(bytes("same.csv"), csv), new RawZip.Entry(bytes("same.csv"), csv)));
        assertRejected(create(r -> r.multiPart("file", "dupes.zip", dupes, "application/zip")), 400, "file",
                "'same.csv' appears twice");
        byte[] archive = zip(Map.of("data.csv", csv));
        assertRejected(create(r -> r.multiPart("file", "a.zip", archive, "application/zip")
                .multiPart("file", "data.csv", csv, "text/csv")), 400, "file", "'data.csv' appears twice");
        assertRejected(create(r -> r.multiPart("file", "data.csv", csv, "text/csv")
                .multiPart("file", "data.csv", freshCsv(3), "text/csv")), 400, "file", "'data.csv' appears twice");
        assertRejected(create(r -> r.multiPart("file", "a", csv, "text/csv")
                .multiPart("file", "a.zip", zip(Map.of("a/b.csv", csv)), "application/zip")), 400, "file",
                "'a' is a file and also the folder");
    }

    @Test
    void nonUtf8NamesInAZipAreRefused() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("ok.csv", freshCsv(2));
        entries.put("daten-übersicht.csv", freshCsv(2));
        byte[] latin1 = zip(entries, StandardCharsets.ISO_8859_1);
        assertRejected(create(r -> r.multiPart("file", "latin1.zip", latin1, "application/zip")), 400, "file",
                "not valid UTF-8");
    }

    @Test
    void anArchiveOf200000EntriesIsRefusedOnItsCentralDirectory() throws IOException {
        Path archive = ZipCentralDirectoryTest.zipOfTinyEntries(Files.createTempFile("many", ".zip"), 200_000);
        try {
            assertRejected(create(r -> r.multiPart("file", archive.toFile(), "application/zip")), 400, "file",
                    "more than 100000 entries");
        } finally {
            Files.delete(archive);
        }
    }

    @Test
    void brokenArchivesAreRefused() {
        assertRejected(create(r -> r.multiPart("file", "fake.zip", freshCsv(3), "application/zip")), 400, "file",
                "not a zip archive");
        byte[] archive = zip(Map.of("a.csv", freshCsv(200)));
        byte[] truncated = java.util.Arrays.copyOf(archive, archive.length / 2);
        assertRejected(create(r -> r.multiPart("file", "cut.zip", truncated, "application/zip")), 400, "file",
                "'cut.zip' could not be read");
        assertRejected(create(r -> r.multiPart("file", "empty.zip", zip(Map.of()), "application/zip")), 400, "file",
                "holds no files");
    }

    @Test
    void badMetadataIsRefusedNamingThePart() {
        byte[] csv = freshCsv(2);
        String good = metadata(mallory.username(), slug, "Good title", false);
        assertRejected(send(mallory.given().multiPart("metadata", "meta.png", good.getBytes(StandardCharsets.UTF_8), "image/png")
                .multiPart("file", "a.csv", csv, "text/csv")), 400, "metadata", "image/png");
        assertRejected(send(mallory.given().multiPart("metadata", "title: not json", "text/plain")
                .multiPart("file", "a.csv", csv, "text/csv")), 400, "metadata", "not valid JSON");
        assertRejected(send(mallory.given().multiPart("metadata", "[1, 2]", "application/json")
                .multiPart("file", "a.csv", csv, "text/csv")), 400, "metadata", "JSON object");
        assertRejected(send(mallory.given().multiPart("file", "a.csv", csv, "text/csv")), 400, "metadata",
                "no 'metadata' part");
        assertRejected(send(mallory.given().multiPart("metadata", "{\"id\":\"" + mallory.username() + "/" + slug + "\"}",
                "application/json").multiPart("file", "a.csv", csv, "text/csv")), 400, "title", "title");
        assertRejected(send(mallory.given().multiPart("metadata", "{\"title\":\"Fine\",\"id\":\"" + mallory.username()
                + "/Bad_Slug!\"}", "application/json").multiPart("file", "a.csv", csv, "text/csv")), 400, "id", "slug");
        assertRejected(send(mallory.given().multiPart("metadata", "{\"title\":\"Fine\",\"keywords\":\"one\"}",
                "application/json").multiPart("file", "a.csv", csv, "text/csv")), 400, "keywords", "keywords");
    }

    @Test
    void missingOrNamelessFilesAreRefused() {
        assertRejected(create(r -> r), 400, "file", "at least one file");
        assertRejected(create(r -> r.multiPart("file", "a,b\n1,2\n")), 400, "file", "needs a filename");
        assertRejected(create(r -> r.multiPart("files", "a.csv", freshCsv(2), "text/csv")), 400, "files",
                "Unknown form part 'files'");
    }

    @Test
    void controlCharactersInAFilenameAreRefusedNamingThePart() {
        String metadata = metadata(mallory.username(), slug, "Evil data", false);
        // a raw line feed was once taken as the end of the header line, and the name cut at it
        for (String name : List.of("a\nb.csv", "a\rb.csv", "a\tb.csv")) {
            assertRejected(new RawMultipart().text("metadata", metadata).file("file", name, "a,b\n1,2\n")
                    .post(mallory, "/api/datasets"), 400, "file", "control character (code " + (int) name.charAt(1) + ")");
        }
        String base = "/api/datasets/" + mallory.username() + "/" + slug;
        create(r -> r.multiPart("file", "a.csv", freshCsv(2), "text/csv")).then().statusCode(201);
        assertRejected(new RawMultipart().file("file", "b\nc.csv", "a,b\n1,2\n").post(mallory, base + "/versions"),
                400, "file", "control character (code 10)");
        mallory.given().get(base).then().statusCode(200).body("currentVersion", equalTo(1));
        // the @AfterEach expects no dataset of this user
        mallory.given().delete(base).then().statusCode(204);
    }

    @Test
    void aBodyCutBeforeItsClosingBoundaryIsRefused() {
        assertRejected(new RawMultipart().text("metadata", metadata(mallory.username(), slug, "Evil data", false))
                .file("file", "a.csv", "a,b\n1,2\n").postWithoutClosingBoundary(mallory, "/api/datasets"),
                400, "file", "not a well-formed multipart/form-data body");
    }

    @Test
    void badNewVersionsChangeNothing() {
        String base = "/api/datasets/" + mallory.username() + "/" + slug;
        byte[] v1 = freshCsv(4);
        create(r -> r.multiPart("file", "a.csv", v1, "text/csv")).then().statusCode(201);
        byte[] evil = zip(Map.of("../up.txt", "x".getBytes(StandardCharsets.UTF_8)));
        assertRejected(mallory.given().multiPart("file", "v2.zip", evil, "application/zip").post(base + "/versions"), 400,
                "file", "'..'");
        assertRejected(mallory.given().multiPart("remove", "nope.csv").post(base + "/versions"), 400, "remove",
                "no file 'nope.csv'");
        assertRejected(mallory.given().multiPart("notes", "nothing").post(base + "/versions"), 400, "file", "changes");
        assertRejected(mallory.given().multiPart("remove", "a.csv").post(base + "/versions"), 400, "file", "no files");
        assertRejected(mallory.given().multiPart("file", "b.csv", new byte[0], "text/csv").post(base + "/versions"), 400,
                "file", "empty");
        mallory.given().get(base).then().statusCode(200)
                .body("currentVersion", equalTo(1)).body("versions.size()", equalTo(1));
        assertEquals(new String(v1, StandardCharsets.UTF_8),
                mallory.given().get(base + "/versions/latest/files/a.csv").asString());
        // the @AfterEach expects no dataset of this user
        mallory.given().delete(base).then().statusCode(204);
    }

    private Response create(UnaryOperator<RequestSpecification> files) {
        return files.apply(mallory.given().multiPart("metadata", metadata(mallory.username(), slug, "Evil data", false),
                "application/json")).post("/api/datasets");
    }

    private static Response send(RequestSpecification request) {
        return request.post("/api/datasets");
    }

    private static void assertRejected(Response response, int status, String field, String detail) {
        assertEquals(status, response.statusCode(), response.asString());
        assertThat(response.contentType(), containsString("application/problem+json"));
        assertEquals(field, response.jsonPath().getString("field"), response.asString());
        assertThat(response.jsonPath().getString("detail"), containsString(detail));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void awaitNoFiles(Path dir) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (DatasetFixtures.filesUnder(dir) == 0) {
                return;
            }
            Thread.sleep(100);
        }
        fail("temporary files are left in " + dir);
    }
}
