package org.kernelforge.datasets;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts.Account;
import org.kernelforge.platform.EmbeddedDefaultProfile;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.kernelforge.datasets.DatasetFixtures.freshCsv;
import static org.kernelforge.datasets.DatasetFixtures.metadata;
import static org.kernelforge.TestAccounts.signUp;
import static org.kernelforge.TestAccounts.uniqueName;
import static org.kernelforge.datasets.DatasetFixtures.upload;
import static org.kernelforge.datasets.DatasetFixtures.zip;

/** The dataset queries (search with like/escape, row locks for versions) on the embedded H2 database. */
@QuarkusTest
@TestProfile(EmbeddedDefaultProfile.class)
class DatasetsOnH2Test {

    @Test
    void datasetLifecycleWorksOnH2() {
        Account user = signUp("h2data");
        String slug = uniqueName("h2data");
        String base = "/api/datasets/" + user.username() + "/" + slug;
        byte[] a = freshCsv(20);
        upload(user, metadata(user.username(), slug, "On H2", false))
                .multiPart("file", "data.zip", zip(Map.of("a.csv", a)), "application/zip")
                .post("/api/datasets").then().statusCode(201);
        user.given().multiPart("file", "b.csv", freshCsv(3), "text/csv").post(base + "/versions")
                .then().statusCode(201).body("version", equalTo(2));
        given().queryParam("search", slug.toUpperCase()).get("/api/datasets").then().statusCode(200)
                .body("items.slug", equalTo(List.of(slug)));
        for (String wildcard : List.of("%", "_")) {
            given().queryParam("owner", user.username()).queryParam("search", wildcard).get("/api/datasets").then()
                    .statusCode(200).body("total", equalTo(0));
        }
        given().get(base + "/versions/latest/files").then().body("path", equalTo(List.of("a.csv", "b.csv")));
        assertArrayEquals(a, given().get(base + "/versions/2/files/a.csv").asByteArray());
        given().get(base + "/versions/2/files/a.csv/preview").then().statusCode(200)
                .body("columns.type", equalTo(List.of("integer", "string", "float")));
        for (int i = 0; i < 2; i++) { // computed, then read as stored
            given().get(base + "/versions/2/files/a.csv/stats").then().statusCode(200)
                    .body("type", equalTo(List.of("integer", "string", "float")));
        }
        user.given().contentType("application/json").body("{\"isPrivate\":true}").patch(base).then().statusCode(204);
        given().get(base).then().statusCode(404);
        user.given().delete(base).then().statusCode(204);
        user.given().get(base).then().statusCode(404);
    }
}
