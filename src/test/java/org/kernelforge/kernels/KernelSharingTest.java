package org.kernelforge.kernels;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.kernelforge.kernels.KernelFixtures.as;

/** Versions as Kaggle users know them (names, newest first) and what an owner does without a new version. */
@QuarkusTest
class KernelSharingTest {

    @Test
    void aPushMayNameItsVersionAndTheListIsNewestFirst() {
        Account a = TestAccounts.signUp("vnm");
        String slug = "named-" + a.username().substring(4);
        Map<String, Object> first = KernelFixtures.script("print(1)");
        first.put("mode", "quick");
        first.put("version_name", "  First try  ");
        KernelFixtures.push(a, slug, first);
        Map<String, Object> second = KernelFixtures.script("print(2)");
        second.put("mode", "quick");
        KernelFixtures.push(a, slug, second);

        String base = "/api/kernels/" + a.username() + "/" + slug;
        as(a).get(base + "/versions/1").then().statusCode(200).body("name", equalTo("First try"), "status", equalTo("complete"));
        as(a).get(base + "/versions/2").then().statusCode(200).body("name", nullValue());
        as(a).get(base).then().statusCode(200)
                .body("versions.version", equalTo(List.of(2, 1)), "versions[1].name", equalTo("First try"),
                        "versions[0].status", equalTo("complete"));

        Map<String, Object> tooLong = KernelFixtures.script("print(3)");
        tooLong.put("version_name", "x".repeat(201));
        as(a).contentType(ContentType.JSON).body(tooLong).post(base + "/versions").then().statusCode(400)
                .body("field", equalTo("version_name"));
        as(a).get(base).then().body("versions", hasSize(2));
    }

    @Test
    void theOwnerChangesVisibilityWithoutANewVersion() {
        Account a = TestAccounts.signUp("vis");
        Account b = TestAccounts.signUp("vis");
        String slug = "shared-" + a.username().substring(4);
        Map<String, Object> push = KernelFixtures.script("print(1)");
        push.put("mode", "quick");
        push.put("is_private", true);
        KernelFixtures.push(a, slug, push);
        String base = "/api/kernels/" + a.username() + "/" + slug;
        given().get(base).then().statusCode(404);
        b.given().contentType(ContentType.JSON).body(Map.of("is_private", false)).patch(base).then().statusCode(404);

        as(a).contentType(ContentType.JSON).body(Map.of("is_private", false)).patch(base).then().statusCode(204);
        given().get(base).then().statusCode(200).body("settings.is_private", equalTo(false), "versions", hasSize(1));
        // someone who can see it may still not change it
        b.given().contentType(ContentType.JSON).body(Map.of("is_private", true)).patch(base).then().statusCode(403);
        given().patch(base).then().statusCode(401);

        as(a).contentType(ContentType.JSON).body(Map.of("title", "New")).patch(base).then().statusCode(400)
                .body("field", equalTo("title"));
        as(a).contentType(ContentType.JSON).body(Map.of("is_private", "yes")).patch(base).then().statusCode(400)
                .body("field", equalTo("is_private"));
        as(a).contentType(ContentType.JSON).body(Map.of("is_private", true)).patch(base).then().statusCode(204);
        given().get(base).then().statusCode(404);
        as(a).get(base).then().body("settings.is_private", equalTo(true), "versions", hasSize(1));
    }

    @Test
    void theOwnerDeletesAKernelThatNothingUses() {
        Account a = TestAccounts.signUp("del");
        Account b = TestAccounts.signUp("del");
        String slug = "doomed-" + a.username().substring(4);
        Map<String, Object> push = KernelFixtures.script("print(1)");
        push.put("mode", "quick");
        push.put("is_private", false);
        KernelFixtures.push(a, slug, push);
        KernelFixtures.push(a, slug, push);
        String base = "/api/kernels/" + a.username() + "/" + slug;
        b.given().delete(base).then().statusCode(403);
        given().delete(base).then().statusCode(401);
        as(a).delete(base).then().statusCode(204);
        as(a).get(base).then().statusCode(404);
        as(a).get(base + "/versions/1").then().statusCode(404);
        as(a).delete(base).then().statusCode(404);
        // the slug is free again
        KernelFixtures.push(a, slug, push);
        as(a).get(base).then().statusCode(200).body("versions", hasSize(1));
    }

    @Test
    void deletesAreRefusedWhileAnotherKernelsVersionUsesThem() {
        Account a = TestAccounts.signUp("ref");
        Account b = TestAccounts.signUp("ref");
        String data = "mounted-" + a.username().substring(4);
        KernelFixtures.dataset(a, data, "rows.csv", "id,x\n1,2\n", false);
        String producer = "producer-" + a.username().substring(4);
        Map<String, Object> produce = KernelFixtures.script("open('out.csv', 'w').write('id\\n1\\n')");
        produce.put("is_private", false);
        KernelFixtures.push(a, producer, produce);
        KernelFixtures.awaitFinished(a, producer, 1, Duration.ofSeconds(120));

        String reader = "reader-" + b.username().substring(4);
        Map<String, Object> read = KernelFixtures.script("print(1)");
        read.put("mode", "quick");
        read.put("kernel_sources", List.of(a.username() + "/" + producer));
        read.put("dataset_sources", List.of(a.username() + "/" + data));
        KernelFixtures.push(b, reader, read);

        as(a).delete("/api/kernels/" + a.username() + "/" + producer).then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", allOf(containsString("kernel " + b.username() + "/" + reader + " version 1"),
                        containsString("cannot be deleted")));
        as(a).delete("/api/datasets/" + a.username() + "/" + data).then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("kernel " + b.username() + "/" + reader + " version 1"));
        // nothing was half deleted
        as(a).get("/api/kernels/" + a.username() + "/" + producer + "/versions/1/output/out.csv").then().statusCode(200);
        as(a).get("/api/datasets/" + a.username() + "/" + data).then().statusCode(200);

        as(b).delete("/api/kernels/" + b.username() + "/" + reader).then().statusCode(204);
        as(a).delete("/api/kernels/" + a.username() + "/" + producer).then().statusCode(204);
        as(a).delete("/api/datasets/" + a.username() + "/" + data).then().statusCode(204);
        as(a).get("/api/datasets/" + a.username() + "/" + data).then().statusCode(404);
    }
}
