package org.kernelforge.environments;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** The environments API without builds: what ships, who may write, and what bad input is told. */
@QuarkusTest
class EnvironmentApiTest {

    @Test
    void thePythonEnvironmentShipsAsTheRuntimeImageReadyWithoutABuild() {
        given().get("/api/environments").then().statusCode(200)
                .body("name", hasItem("python"))
                .body("find { it.name == 'python' }.language", equalTo("python"))
                .body("find { it.name == 'python' }.latestVersion", equalTo(1));
        given().get("/api/environments/python/versions/latest").then().statusCode(200)
                .body("version", equalTo(1))
                .body("status", equalTo("ready"))
                .body("image.name", startsWith("kernelforge/python-runtime"))
                .body("image.digest", startsWith("sha256:"))
                .body("recipe", hasItem("python3-sklearn"));
    }

    @Test
    void aNewKernelRunsInThePythonEnvironmentAndOldImageNamesStillWork() {
        Account user = TestAccounts.signUp("envdefault");
        int v = EnvironmentBuildTest.push(user, "default-env", null, null, "quick", "print(1)");
        user.given().get("/api/kernels/" + user.username() + "/default-env/versions/" + v).then().statusCode(200)
                .body("environment.name", equalTo("python")).body("environment.version", equalTo(1))
                .body("image.name", startsWith("kernelforge/python-runtime"));
        user.given().get("/api/kernels/" + user.username() + "/default-env").then()
                .body("settings.docker_image", equalTo("python"))
                .body("settings.docker_image_pinning_type", equalTo("original"));
        // the name kernels stored before environments existed means the default environment
        String runtime = given().get("/api/environments/python/versions/1").then().extract().path("image.name");
        int old = EnvironmentBuildTest.push(user, "old-image", runtime, null, "quick", "print(1)");
        user.given().get("/api/kernels/" + user.username() + "/old-image/versions/" + old).then()
                .body("environment.name", equalTo("python"));
    }

    @Test
    void onlyAdminsCreateAndBuildEnvironments() {
        Account user = TestAccounts.signUp("envwriter");
        Map<String, Object> body = Map.of("name", "mine", "language", "python", "packages", List.of("hello"));
        given().contentType(ContentType.JSON).body(body).post("/api/environments").then().statusCode(401);
        user.given().contentType(ContentType.JSON).body(body).post("/api/environments").then().statusCode(403);
        user.given().contentType(ContentType.JSON).body(Map.of()).post("/api/environments/python/versions").then().statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of()).post("/api/environments/python/versions").then().statusCode(401);
        given().get("/api/environments").then().body("name", not(hasItem("mine")));
        // and what exists is readable by anyone
        given().get("/api/environments/python").then().statusCode(200).body("versions[0].status", equalTo("ready"));
    }

    @Test
    void badInputIsToldByField() {
        Account admin = TestAccounts.admin();
        admin.given().contentType(ContentType.JSON)
                .body(Map.of("name", "ok-name", "language", "python", "packages", List.of("hello", "rm -rf /")))
                .post("/api/environments").then().statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("packages")).body("detail", containsString("packages[1]"))
                .body("detail", containsString("not a Debian package name"));
        admin.given().contentType(ContentType.JSON)
                .body(Map.of("name", "Bad Name", "language", "python", "packages", List.of("hello")))
                .post("/api/environments").then().statusCode(400).body("field", equalTo("name"));
        admin.given().contentType(ContentType.JSON)
                .body(Map.of("name", "julia-env", "language", "julia", "packages", List.of("hello")))
                .post("/api/environments").then().statusCode(400).body("field", equalTo("language"));
        admin.given().contentType(ContentType.JSON).body(Map.of("packages", List.of("-o=APT::Foo")))
                .post("/api/environments/python/versions").then().statusCode(400).body("field", equalTo("packages"));
        admin.given().contentType(ContentType.JSON).body(Map.of("name", "python", "language", "python", "packages", List.of()))
                .post("/api/environments").then().statusCode(409).body("field", equalTo("name"));
        admin.given().contentType(ContentType.JSON).body(Map.of()).post("/api/environments/no-such-env/versions")
                .then().statusCode(404);
        given().get("/api/environments/python/versions/99").then().statusCode(404);
        given().get("/api/environments/python/versions/x").then().statusCode(404);

        Account user = TestAccounts.signUp("envbad");
        EnvironmentBuildTest.pushExpecting(user, "bad-env", "no-such-env", null, "quick", 400)
                .contentType("application/problem+json")
                .body("field", equalTo("docker_image")).body("detail", containsString("python"));
        EnvironmentBuildTest.pushExpecting(user, "bad-env", "python/7", null, "quick", 400)
                .body("field", equalTo("docker_image")).body("detail", containsString("no version 7"));
        EnvironmentBuildTest.pushExpecting(user, "bad-env", "python/x", null, "quick", 400)
                .body("field", equalTo("docker_image"));
        EnvironmentBuildTest.pushExpecting(user, "bad-env", "python", "newest", "quick", 400)
                .body("field", equalTo("docker_image_pinning_type"));
        user.given().get("/api/kernels/" + user.username() + "/bad-env").then().statusCode(404);
        given().get("/api/environments/python/versions/1").then().body("failure", nullValue());
    }
}
