package org.kernelforge.datasets;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts.Account;
import org.kernelforge.storage.ObjectStore;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kernelforge.datasets.DatasetFixtures.freshCsv;
import static org.kernelforge.datasets.DatasetFixtures.metadata;
import static org.kernelforge.datasets.DatasetFixtures.sha256;
import static org.kernelforge.TestAccounts.signUp;
import static org.kernelforge.TestAccounts.uniqueName;
import static org.kernelforge.datasets.DatasetFixtures.upload;

/** New versions (carry over, replace, remove, drop), content addressing of their blobs, who may change a dataset. */
@QuarkusTest
class DatasetVersionTest {

    @Inject
    ObjectStore store;

    @Test
    void keptFilesStoreNoNewBlobsAndEqualContentIsOneBlob() {
        Account carol = signUp("carol");
        String slug = uniqueName("blobs");
        byte[] a = freshCsv(50);
        byte[] b = freshCsv(60);
        int before = blobCount();
        upload(carol, metadata(carol.username(), slug, "Blob counting", false))
                .multiPart("file", "a.csv", a, "text/csv")
                .multiPart("file", "copy-of-a.csv", a, "text/csv")
                .multiPart("file", "b.csv", b, "text/csv")
                .post("/api/datasets").then().statusCode(201);
        assertEquals(before + 2, blobCount(), "a.csv and copy-of-a.csv share one blob");

        byte[] c = freshCsv(70);
        carol.given().multiPart("notes", "adds c").multiPart("file", "c.csv", c, "text/csv")
                .post("/api/datasets/" + carol.username() + "/" + slug + "/versions")
                .then().statusCode(201).body("version", equalTo(2));
        assertEquals(before + 3, blobCount(), "version 2 keeps a and b without storing them again");

        String base = "/api/datasets/" + carol.username() + "/" + slug;
        given().get(base + "/versions/2/files").then().statusCode(200)
                .body("path", equalTo(List.of("a.csv", "b.csv", "c.csv", "copy-of-a.csv")))
                .body("find { it.path == 'a.csv' }.sha256", equalTo(sha256(a)));
        assertArrayEquals(a, given().get(base + "/versions/2/files/copy-of-a.csv").asByteArray());
    }

    @Test
    void newVersionCarriesOverReplacesRemovesOrDropsFiles() {
        Account dave = signUp("dave");
        String slug = uniqueName("versions");
        String base = "/api/datasets/" + dave.username() + "/" + slug;
        byte[] a1 = freshCsv(10);
        byte[] b1 = freshCsv(11);
        upload(dave, metadata(dave.username(), slug, "Versioned data", false))
                .multiPart("file", "a.csv", a1, "text/csv").multiPart("file", "b.csv", b1, "text/csv")
                .post("/api/datasets").then().statusCode(201);

        byte[] a2 = freshCsv(12);
        dave.given().multiPart("notes", "new a").multiPart("file", "a.csv", a2, "text/csv")
                .post(base + "/versions").then().statusCode(201).body("version", equalTo(2))
                .header("Location", endsWith(base + "/versions/2/files"));
        assertArrayEquals(a2, given().get(base + "/versions/2/files/a.csv").asByteArray(), "replaced");
        assertArrayEquals(b1, given().get(base + "/versions/2/files/b.csv").asByteArray(), "carried over");
        assertArrayEquals(a1, given().get(base + "/versions/1/files/a.csv").asByteArray(), "version 1 is unchanged");

        dave.given().multiPart("remove", "b.csv").post(base + "/versions").then().statusCode(201).body("version", equalTo(3));
        given().get(base + "/versions/3/files").then().body("path", equalTo(List.of("a.csv")));

        byte[] c = freshCsv(13);
        dave.given().multiPart("dropPreviousFiles", "true").multiPart("file", "c.csv", c, "text/csv")
                .post(base + "/versions").then().statusCode(201).body("version", equalTo(4));
        given().get(base + "/versions/latest/files").then().body("path", equalTo(List.of("c.csv")));
        given().get(base + "/versions/1/files").then().body("path", equalTo(List.of("a.csv", "b.csv")));

        given().get(base).then().statusCode(200)
                .body("currentVersion", equalTo(4))
                .body("versions.version", equalTo(List.of(4, 3, 2, 1)))
                .body("versions[2].notes", equalTo("new a"))
                .body("versions[3].notes", equalTo("Initial release"));
        given().get(base + "/versions/5/files").then().statusCode(404)
                .body("detail", org.hamcrest.Matchers.containsString("'5'"));
        given().get(base + "/versions/latest/files/a.csv").then().statusCode(404);
    }

    @Test
    void onlyTheOwnerOrAnAdminAddsVersionsPatchesAndDeletes() {
        Account owner = signUp("owner");
        Account other = signUp("other");
        String slug = uniqueName("owned");
        String base = "/api/datasets/" + owner.username() + "/" + slug;
        upload(owner, metadata(owner.username(), slug, "Owned data", false))
                .multiPart("file", "a.csv", freshCsv(5), "text/csv").post("/api/datasets").then().statusCode(201);

        other.given().multiPart("file", "b.csv", freshCsv(5), "text/csv").post(base + "/versions").then().statusCode(403);
        given().multiPart("file", "b.csv", freshCsv(5), "text/csv").post(base + "/versions").then().statusCode(401);
        other.given().contentType("application/json").body("{\"title\":\"Mine now\"}").patch(base).then().statusCode(403);
        other.given().delete(base).then().statusCode(403);

        DatasetFixtures.admin().given().multiPart("file", "b.csv", freshCsv(5), "text/csv")
                .post(base + "/versions").then().statusCode(201).body("version", equalTo(2));
        given().get(base).then().body("versions[0].createdBy", equalTo("admin"));

        owner.given().contentType("application/json")
                .body("{\"title\":\"Renamed data\",\"keywords\":[\"a\",\"b\"],\"subtitle\":null}")
                .patch(base).then().statusCode(204);
        given().get(base).then().statusCode(200)
                .body("title", equalTo("Renamed data"))
                .body("keywords", equalTo(List.of("a", "b")))
                .body("subtitle", equalTo(null))
                .body("licenseName", equalTo("CC0-1.0"));
        owner.given().contentType("application/json").body("{\"title\":\"x\"}").patch(base).then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("title"))
                .body("detail", equalTo("The title is required and must be 3 to 100 characters (it has 1)"));
        owner.given().contentType("application/json").body("{\"title\":null}").patch(base).then().statusCode(400)
                .body("field", equalTo("title"));
        owner.given().contentType("application/json").body("{\"keywords\":[\"fine\",\"a,b\"]}").patch(base).then()
                .statusCode(400).body("field", equalTo("keywords"))
                .body("detail", equalTo("The keyword 'a,b' must be at most 50 characters and hold no comma"));
        owner.given().contentType("application/json").body("{\"subtitle\":7}").patch(base).then().statusCode(400)
                .body("field", equalTo("subtitle")).body("detail", equalTo("'subtitle' must be a string, not 7"));
        owner.given().contentType("application/json").body("{\"colour\":\"red\"}").patch(base).then().statusCode(400)
                .body("field", equalTo("colour"));

        owner.given().delete(base).then().statusCode(204);
        given().get(base).then().statusCode(404);
        owner.given().get(base + "/versions/1/files").then().statusCode(404);
    }

    private int blobCount() {
        return store.list("blobs/").size();
    }
}
