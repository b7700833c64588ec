package org.kernelforge.datasets;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts.Account;
import org.kernelforge.storage.BlobStore;
import org.kernelforge.storage.ObjectStore;
import org.kernelforge.uploads.BlobUploads;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernelforge.datasets.DatasetFixtures.freshCsv;
import static org.kernelforge.datasets.DatasetFixtures.sha256;
import static org.kernelforge.TestAccounts.signUp;
import static org.kernelforge.TestAccounts.uniqueName;
import static org.kernelforge.datasets.DatasetFixtures.zip;

/** Kaggle's raw blob upload: POST /api/blobs/uploads, PUT of the bytes without login, JSON dataset create. */
@QuarkusTest
class BlobUploadTest {

    @Inject
    BlobStore blobs;

    @Inject
    ObjectStore objects;

    @Inject
    BlobUploads uploads;

    @Inject
    EntityManager entities;

    @Test
    void rawUploadRoundTripsByteForByteAndItsTokenIsSingleUse() {
        Account alice = signUp("alice");
        byte[] csv = freshCsv(800);
        String token = start(alice, "scores.csv", csv.length);
        given().contentType("application/octet-stream").body(csv).put(path(token)).then().statusCode(200)
                .body("sha256", equalTo(sha256(csv))).body("size", equalTo(csv.length));
        assertTrue(blobs.contains(sha256(csv)));
        assertEquals(0, DatasetFixtures.filesUnder(DatasetFixtures.dataDir().resolve("tmp").resolve("blobs")),
                "the spool file is gone once the blob is stored");

        String slug = uniqueName("raw");
        create(alice, slug, token).then().statusCode(201).body("ref", equalTo(alice.username() + "/" + slug));
        byte[] downloaded = given().get("/api/datasets/" + alice.username() + "/" + slug + "/versions/1/files/scores.csv")
                .then().statusCode(200).extract().asByteArray();
        assertArrayEquals(csv, downloaded);

        create(alice, uniqueName("again"), token).then().statusCode(404);
        alice.given().contentType(ContentType.JSON).body(Map.of("files", List.of(Map.of("token", token))))
                .post("/api/datasets/" + alice.username() + "/" + slug + "/versions").then().statusCode(404);
        given().contentType("application/octet-stream").body(csv).put(path(token)).then().statusCode(404);
    }

    @Test
    void rawZipUploadIsExtractedIntoANewVersionUnderAGivenName() {
        Account bob = signUp("bob");
        String slug = uniqueName("zipped");
        byte[] first = freshCsv(10);
        String token = start(bob, "first.csv", first.length);
        given().contentType("application/octet-stream").body(first).put(path(token)).then().statusCode(200);
        create(bob, slug, token).then().statusCode(201);

        byte[] archive = zip(new LinkedHashMap<>(Map.of("a/one.csv", freshCsv(5), "two.txt",
                "hello".getBytes(StandardCharsets.UTF_8))));
        String zipToken = start(bob, "bundle.zip", archive.length);
        given().contentType("application/zip").body(archive).put(path(zipToken)).then().statusCode(200);
        bob.given().contentType(ContentType.JSON)
                .body(Map.of("versionNotes", "more", "files", List.of(Map.of("token", zipToken))))
                .post("/api/datasets/" + bob.username() + "/" + slug + "/versions")
                .then().statusCode(201).body("version", equalTo(2));
        given().get("/api/datasets/" + bob.username() + "/" + slug + "/versions/2/files").then().statusCode(200)
                .body("path", hasItems("first.csv", "a/one.csv", "two.txt"));
    }

    @Test
    void aWrongContentLengthIs400AndStoresNothingButTheUploadMayBeRetried() {
        Account carol = signUp("carol");
        byte[] csv = freshCsv(300);
        String token = start(carol, "data.csv", csv.length + 1);
        given().contentType("application/octet-stream").body(csv).put(path(token)).then().statusCode(400);
        assertFalse(blobs.contains(sha256(csv)));
        create(carol, uniqueName("half"), token).then().statusCode(404);

        byte[] right = new byte[csv.length + 1];
        System.arraycopy(csv, 0, right, 0, csv.length);
        right[csv.length] = '\n';
        given().contentType("application/octet-stream").body(right).put(path(token)).then().statusCode(200);
        create(carol, uniqueName("whole"), token).then().statusCode(201);
    }

    @Test
    void unknownAndExpiredTokensAre404AndThePurgeRemovesExpiredUploads() {
        Account dave = signUp("dave");
        given().contentType("application/octet-stream").body(new byte[]{1, 2, 3}).put(path("no-such-token")).then().statusCode(404);
        create(dave, uniqueName("unknown"), "no-such-token").then().statusCode(404)
                .contentType(startsWith("application/problem+json"));

        byte[] csv = freshCsv(20);
        String token = start(dave, "late.csv", csv.length);
        given().contentType("application/octet-stream").body(csv).put(path(token)).then().statusCode(200);
        String tokenSha256 = sha256(token.getBytes(StandardCharsets.UTF_8));
        QuarkusTransaction.requiringNew().run(() -> entities.createQuery(
                "update BlobUpload set expiresAt = :at where tokenSha256 = :token")
                .setParameter("at", Instant.now().minusSeconds(1)).setParameter("token", tokenSha256).executeUpdate());
        create(dave, uniqueName("expired"), token).then().statusCode(404);

        uploads.purge(Instant.now());
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> entities.createQuery(
                "select count(u) from BlobUpload u where u.tokenSha256 = :token", Long.class)
                .setParameter("token", tokenSha256).getSingleResult()));
    }

    @Test
    void anotherUsersTokenCannotBeUsedAndAFailedCreateLeavesTheTokenUsable() {
        Account erin = signUp("erin");
        Account mallory = signUp("mallory");
        byte[] csv = freshCsv(40);
        String token = start(erin, "mine.csv", csv.length);
        given().contentType("application/octet-stream").body(csv).put(path(token)).then().statusCode(200);

        create(mallory, uniqueName("stolen"), token).then().statusCode(404);
        erin.given().contentType(ContentType.JSON)
                .body(Map.of("title", "x", "id", erin.username() + "/" + uniqueName("bad"), "files", List.of(Map.of("token", token))))
                .post("/api/datasets").then().statusCode(400);
        create(erin, uniqueName("mine"), token).then().statusCode(201);
    }

    @Test
    void startingAnUploadNeedsALogin() {
        given().contentType(ContentType.JSON).body(Map.of("name", "a.csv", "contentLength", 3))
                .post("/api/blobs/uploads").then().statusCode(401);
    }

    private static String start(Account account, String name, long length) {
        String createUrl = account.given().contentType(ContentType.JSON)
                .body(Map.of("type", "DATASET", "name", name, "contentLength", length, "lastModifiedEpochSeconds", 0))
                .post("/api/blobs/uploads")
                .then().statusCode(201).extract().path("createUrl");
        String path = URI.create(createUrl).getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String path(String token) {
        return "/api/blobs/uploads/" + token;
    }

    private static io.restassured.response.Response create(Account account, String slug, String token) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", "Raw upload " + slug);
        body.put("id", account.username() + "/" + slug);
        body.put("isPrivate", false);
        body.put("files", List.of(Map.of("token", token)));
        return account.given().contentType(ContentType.JSON).body(body).post("/api/datasets");
    }
}
