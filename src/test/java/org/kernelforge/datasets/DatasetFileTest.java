package org.kernelforge.datasets;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts.Account;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kernelforge.HttpDates.assertLastModified;
import static org.kernelforge.datasets.DatasetFixtures.metadata;
import static org.kernelforge.datasets.DatasetFixtures.sha256;
import static org.kernelforge.TestAccounts.signUp;
import static org.kernelforge.TestAccounts.uniqueName;
import static org.kernelforge.datasets.DatasetFixtures.upload;

@QuarkusTest
class DatasetFileTest {

    static final String TYPED = "id,price,active,day,seen_at,label,mixed,empty\r\n"
            + "1,2.5,true,2024-01-31,2024-01-31T10:15:00,\"Smith, John\",1,\r\n"
            + "2,,false,2024-02-01,2024-02-01 11:00:00,\"said \"\"hi\"\"\",x,\r\n"
            + "-3,1e3,TRUE,2024-02-02,2024-02-02T12:00:00Z,\"two\nlines\",2,\r\n";

    static Account owner;
    static String base;
    static String datasetPath;
    static byte[] bytes;
    static byte[] big;

    /** Once per class, but only when RestAssured already points at the test server. */
    @BeforeEach
    void uploadFiles() throws IOException {
        if (base != null) {
            return;
        }
        owner = signUp("files");
        String slug = uniqueName("files");
        bytes = new byte[10_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        StringBuilder large = new StringBuilder("n,square\n");
        for (int i = 0; large.length() < 1_500_000; i++) {
            large.append(i).append(',').append((long) i * i).append('\n');
        }
        big = large.toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(TYPED.getBytes(StandardCharsets.UTF_8));
        }
        upload(owner, metadata(owner.username(), slug, "File serving", false))
                .multiPart("file", "blob.bin", bytes, "application/octet-stream")
                .multiPart("file", "typed.csv", TYPED.getBytes(StandardCharsets.UTF_8), "text/csv")
                .multiPart("file", "typed.csv.gz", gz.toByteArray(), "application/gzip")
                .multiPart("file", "big.csv", big, "text/csv")
                .multiPart("file", "doc.json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8), "application/json")
                .post("/api/datasets").then().statusCode(201);
        datasetPath = "/api/datasets/" + owner.username() + "/" + slug;
        base = datasetPath + "/versions/1/files/";
    }

    @Test
    void rangeRequestsAnswer206WithExactlyTheBytes() {
        Response r = given().header("Range", "bytes=100-199").get(base + "blob.bin");
        assertEquals(206, r.statusCode());
        assertEquals("bytes 100-199/10000", r.header("Content-Range"));
        assertEquals("100", r.header("Content-Length"));
        assertArrayEquals(Arrays.copyOfRange(bytes, 100, 200), r.asByteArray());

        r = given().header("Range", "bytes=9990-").get(base + "blob.bin");
        assertEquals(206, r.statusCode());
        assertEquals("bytes 9990-9999/10000", r.header("Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(bytes, 9990, 10000), r.asByteArray());

        r = given().header("Range", "bytes=-5").get(base + "blob.bin");
        assertEquals(206, r.statusCode());
        assertEquals("bytes 9995-9999/10000", r.header("Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(bytes, 9995, 10000), r.asByteArray());

        r = given().header("Range", "bytes=9000-20000").get(base + "blob.bin");
        assertEquals(206, r.statusCode());
        assertEquals("bytes 9000-9999/10000", r.header("Content-Range"));
        assertEquals(1000, r.asByteArray().length);
    }

    @Test
    void unsatisfiableRangeIs416AndAMalformedOneIsIgnored() {
        given().header("Range", "bytes=10000-").get(base + "blob.bin").then().statusCode(416)
                .header("Content-Range", "bytes */10000");
        given().header("Range", "bytes=-0").get(base + "blob.bin").then().statusCode(416);
        Response r = given().header("Range", "bytes=abc").get(base + "blob.bin");
        assertEquals(200, r.statusCode());
        assertArrayEquals(bytes, r.asByteArray());
        r = given().header("Range", "bytes=5-1").get(base + "blob.bin");
        assertEquals(200, r.statusCode());
    }

    /** Files never change within a version, so every download dates from the version's creation. */
    @Test
    void lastModifiedIsTheVersionsCreationInRfc1123() {
        Instant created = Instant.parse(given().get(datasetPath).then().statusCode(200).extract()
                .path("versions[0].createdAt"));
        assertLastModified(created, given().get(base + "blob.bin").then().statusCode(200).extract().header("Last-Modified"));
        assertLastModified(created, given().header("Range", "bytes=0-9").get(base + "blob.bin").then().statusCode(206)
                .extract().header("Last-Modified"));
        assertLastModified(created, given().header("If-None-Match", "\"" + sha256(bytes) + "\"").get(base + "blob.bin")
                .then().statusCode(304).extract().header("Last-Modified"));
        assertLastModified(created, given().get(datasetPath + "/versions/1/download").then().statusCode(200)
                .extract().header("Last-Modified"));
    }

    @Test
    void etagAnswers304ToIfNoneMatch() {
        String etag = "\"" + sha256(bytes) + "\"";
        given().get(base + "blob.bin").then().statusCode(200).header("ETag", etag)
                .contentType("application/octet-stream");
        given().header("If-None-Match", etag).get(base + "blob.bin").then().statusCode(304).header("ETag", etag);
        given().header("If-None-Match", "\"other\", W/" + etag).get(base + "blob.bin").then().statusCode(304);
        given().header("If-None-Match", "\"other\"").get(base + "blob.bin").then().statusCode(200);
        given().header("Range", "bytes=0-9").header("If-Range", "\"stale\"").get(base + "blob.bin")
                .then().statusCode(200);
    }

    @Test
    void filesAreNeverGzipEncoded() {
        Response r = given().header("Accept-Encoding", "gzip").get(base + "big.csv");
        assertEquals(200, r.statusCode());
        assertEquals(null, r.header("Content-Encoding"));
        assertEquals(String.valueOf(big.length), r.header("Content-Length"));
        assertArrayEquals(big, r.asByteArray());
    }

    @Test
    void previewInfersTypesAndReadsQuotedFields() {
        given().get(base + "typed.csv/preview").then().statusCode(200)
                .body("columns.name", equalTo(List.of("id", "price", "active", "day", "seen_at", "label", "mixed", "empty")))
                .body("columns.type", equalTo(List.of("integer", "float", "boolean", "date", "datetime", "string",
                        "string", "string")))
                .body("rows.size()", equalTo(3))
                .body("rows[0][5]", equalTo("Smith, John"))
                .body("rows[1][5]", equalTo("said \"hi\""))
                .body("rows[2][5]", equalTo("two\nlines"))
                .body("rows[1][1]", equalTo(""))
                .body("truncated", equalTo(false));
        given().queryParam("rows", 1).get(base + "typed.csv/preview").then().statusCode(200)
                .body("rows.size()", equalTo(1)).body("truncated", equalTo(true));
        given().get(base + "typed.csv.gz/preview").then().statusCode(200)
                .body("columns.type[0]", equalTo("integer")).body("rows.size()", equalTo(3));
    }

    @Test
    void previewOfALargeFileReadsOnlyItsBeginning() {
        given().queryParam("rows", 200).get(base + "big.csv/preview").then().statusCode(200)
                .body("columns.type", equalTo(List.of("integer", "integer")))
                .body("rows.size()", equalTo(200))
                .body("rows[199][0]", equalTo("199"))
                .body("truncated", equalTo(true));
        given().queryParam("rows", 201).get(base + "big.csv/preview").then().statusCode(400)
                .body("field", equalTo("rows"));
    }

    @Test
    void previewOfOtherFilesIs415() {
        given().get(base + "doc.json/preview").then().statusCode(415)
                .contentType("application/problem+json")
                .body("detail", containsString("CSV"));
        given().get(base + "missing.csv/preview").then().statusCode(404);
        given().get(base + "doc.json").then().statusCode(200).contentType(startsWith("application/json"));
    }
}
