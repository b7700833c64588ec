package org.kernelforge.datasets;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts.Account;

import java.util.List;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kernelforge.datasets.DatasetFixtures.freshCsv;
import static org.kernelforge.datasets.DatasetFixtures.metadata;
import static org.kernelforge.TestAccounts.signUp;
import static org.kernelforge.TestAccounts.uniqueName;
import static org.kernelforge.datasets.DatasetFixtures.upload;

@QuarkusTest
class DatasetPrivacyTest {

    @Test
    void privateDatasetIsNotFoundOnEveryRouteForOthersAndAnonymous() {
        Account owner = signUp("secret");
        Account stranger = signUp("stranger");
        String slug = uniqueName("hidden");
        String base = "/api/datasets/" + owner.username() + "/" + slug;
        upload(owner, metadata(owner.username(), slug, "Hidden data", true))
                .multiPart("file", "data.csv", freshCsv(5), "text/csv").post("/api/datasets").then().statusCode(201);
        String missing = "/api/datasets/" + owner.username() + "/" + uniqueName("no-such");

        for (Supplier<RequestSpecification> caller : List.<Supplier<RequestSpecification>>of(stranger::given, () -> given())) {
            for (String route : List.of("", "/versions/1/files", "/versions/latest/files", "/versions/1/files/data.csv",
                    "/versions/1/files/data.csv/preview", "/versions/1/download")) {
                Response hidden = caller.get().get(base + route);
                Response absent = caller.get().get(missing + route);
                assertEquals(404, hidden.statusCode(), route);
                assertEquals(absent.statusCode(), hidden.statusCode(), route);
                assertEquals(absent.jsonPath().getString("title"), hidden.jsonPath().getString("title"), route);
                assertEquals(absent.jsonPath().getString("detail").replace(missing.substring(14), "?"),
                        hidden.jsonPath().getString("detail").replace(base.substring(14), "?"), route);
            }
            caller.get().contentType("application/json").body("{\"isPrivate\":false}").patch(base).then().statusCode(404);
            caller.get().delete(base).then().statusCode(404);
            caller.get().multiPart("file", "x.csv", freshCsv(2), "text/csv").post(base + "/versions").then().statusCode(404);
        }

        // still there, unchanged, for its owner and for admins
        owner.given().get(base).then().statusCode(200).body("isPrivate", equalTo(true)).body("currentVersion", equalTo(1));
        Account admin = DatasetFixtures.admin();
        admin.given().get(base).then().statusCode(200);
        admin.given().get(base + "/versions/1/files/data.csv").then().statusCode(200);
        admin.given().get(base + "/versions/1/files/data.csv/preview").then().statusCode(200);
        admin.given().get(base + "/versions/1/download").then().statusCode(200);
        owner.given().get(base + "/versions/1/download").then().statusCode(200);
    }

    @Test
    void publicDatasetIsVisibleToEveryone() {
        Account owner = signUp("open");
        String slug = uniqueName("shared");
        String base = "/api/datasets/" + owner.username() + "/" + slug;
        upload(owner, metadata(owner.username(), slug, "Shared data", false))
                .multiPart("file", "data.csv", freshCsv(5), "text/csv").post("/api/datasets").then().statusCode(201);
        for (RequestSpecification caller : List.of(given(), signUp("reader").given())) {
            caller.get(base).then().statusCode(200);
        }
        given().get(base + "/versions/1/files/data.csv").then().statusCode(200);
        given().get(base + "/versions/1/download").then().statusCode(200);
        given().get(base + "/versions/1/files/data.csv/preview").then().statusCode(200);
    }

    @Test
    void listAndSearchNeverShowOthersPrivateDatasets() {
        Account owner = signUp("lister");
        Account other = signUp("looker");
        String word = uniqueName("zebra");
        String privateSlug = word + "-private";
        String publicSlug = word + "-public";
        upload(owner, metadata(owner.username(), privateSlug, "Private " + word, true))
                .multiPart("file", "a.csv", freshCsv(3), "text/csv").post("/api/datasets").then().statusCode(201);
        upload(owner, metadata(owner.username(), publicSlug, "Public " + word, false))
                .multiPart("file", "a.csv", freshCsv(3), "text/csv").post("/api/datasets").then().statusCode(201);
        String privateRef = owner.username() + "/" + privateSlug;
        String publicRef = owner.username() + "/" + publicSlug;

        for (RequestSpecification caller : List.of(given(), other.given())) {
            caller.queryParam("search", word.toUpperCase()).get("/api/datasets").then().statusCode(200)
                    .body("total", equalTo(1))
                    .body("items.ref", equalTo(List.of(publicRef)));
        }
        other.given().queryParam("owner", owner.username()).get("/api/datasets").then()
                .body("items.ref", not(hasItem(privateRef)));
        given().queryParam("pageSize", 100).get("/api/datasets").then()
                .body("items.ref", not(hasItem(privateRef)));

        owner.given().queryParam("search", word).get("/api/datasets").then()
                .body("total", equalTo(2))
                .body("items.ref", equalTo(List.of(publicRef, privateRef)));
        DatasetFixtures.admin().given().queryParam("search", word).get("/api/datasets").then()
                .body("total", equalTo(2));

        // making it public shows it; keywords and subtitles are searched too
        owner.given().contentType("application/json").body("{\"isPrivate\":false,\"keywords\":[\"" + word + "-kw\"]}")
                .patch("/api/datasets/" + privateRef).then().statusCode(204);
        other.given().queryParam("search", word + "-KW").get("/api/datasets").then()
                .body("items.ref", equalTo(List.of(privateRef)));
        given().queryParam("search", "data for " + publicSlug).get("/api/datasets").then()
                .body("items.ref", equalTo(List.of(publicRef)));
    }

    @Test
    void listIsPagedNewestFirst() {
        Account owner = signUp("pager");
        String word = uniqueName("paged");
        for (int i = 1; i <= 3; i++) {
            upload(owner, metadata(owner.username(), word + "-" + i, "Paged " + i, false))
                    .multiPart("file", "a.csv", freshCsv(2), "text/csv").post("/api/datasets").then().statusCode(201);
        }
        given().queryParam("search", word).queryParam("pageSize", 2).get("/api/datasets").then().statusCode(200)
                .body("total", equalTo(3)).body("page", equalTo(1)).body("pageSize", equalTo(2))
                .body("items.slug", equalTo(List.of(word + "-3", word + "-2")));
        given().queryParam("search", word).queryParam("pageSize", 2).queryParam("page", 2).get("/api/datasets").then()
                .body("items.slug", equalTo(List.of(word + "-1")));
        given().queryParam("pageSize", 101).get("/api/datasets").then().statusCode(400).body("field", equalTo("pageSize"));
        given().get("/api/datasets").then().statusCode(200).body("pageSize", equalTo(20));
    }
}
