package org.kernelforge.competitions;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.kernelforge.competitions.CodeCompetitionFixtures.awaitFinal;
import static org.kernelforge.competitions.CodeCompetitionFixtures.canary;
import static org.kernelforge.competitions.CodeCompetitionFixtures.hintReader;
import static org.kernelforge.competitions.CodeCompetitionFixtures.ready;
import static org.kernelforge.competitions.CodeCompetitionFixtures.submitted;

/**
 * A competition's organizers create and build environments for it (on the real engine, from the loopback apt mirror);
 * nobody else may, and a competitor's kernel, and the code competition's rerun of it, run in one.
 */
@QuarkusTest
class CompetitionEnvironmentsTest {

    @Inject
    DockerClient docker;

    @Test
    void organizersBuildTheirCompetitionsEnvironmentAndItsKernelsAndRerunsRunInIt() {
        Account organizer = TestAccounts.organizer("envorg");
        String slug = ready(organizer, canary(), Map.of());
        String env = TestAccounts.uniqueName("comp-env");
        try {
            organizersOnly(organizer, slug, env);
            competitorsRunInIt(organizer, slug, env);
        } finally {
            try {
                docker.removeImageCmd("kernelforge/env-" + env + ":1").withForce(true).exec();
            } catch (NotFoundException notBuilt) {
                // the build did not get that far
            }
        }
    }

    private void organizersOnly(Account organizer, String slug, String env) {
        Map<String, Object> body = Map.of("name", env, "language", "python", "description", "jq for the competition",
                "packages", List.of("jq"), "competition", slug);
        // another organizer (of other competitions), a user, a visitor: none of them creates it
        Account stranger = TestAccounts.organizer("envstranger");
        stranger.given().contentType(ContentType.JSON).body(body).post("/api/environments").then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("organizers of '" + slug + "'"));
        TestAccounts.signUp("envcomp").given().contentType(ContentType.JSON).body(body).post("/api/environments")
                .then().statusCode(403);
        given().contentType(ContentType.JSON).body(body).post("/api/environments").then().statusCode(401);
        // a site-wide environment stays the admins'
        Map<String, Object> siteWide = new HashMap<>(body);
        siteWide.remove("competition");
        organizer.given().contentType(ContentType.JSON).body(siteWide).post("/api/environments").then().statusCode(403)
                .body("detail", containsString("competition"));
        Map<String, Object> unknown = new HashMap<>(body);
        unknown.put("competition", "no-such-competition");
        organizer.given().contentType(ContentType.JSON).body(unknown).post("/api/environments").then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("competition"))
                .body("detail", containsString("no-such-competition"));
        given().get("/api/environments").then().body("name", not(hasItem(env)));

        organizer.given().contentType(ContentType.JSON).body(body).post("/api/environments").then().statusCode(201)
                .header("Location", endsWith("/api/environments/" + env)).body("competition", equalTo(slug));
        given().get("/api/environments").then().body("find { it.name == '" + env + "' }.competition", equalTo(slug));
        // nobody else builds it or asks apt what it would cost
        stranger.given().contentType(ContentType.JSON).body(Map.of()).post("/api/environments/" + env + "/versions")
                .then().statusCode(403);
        stranger.given().get("/api/environments/" + env + "/estimate").then().statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of()).post("/api/environments/" + env + "/versions").then().statusCode(401);
        given().get("/api/environments/" + env).then().body("versions.size()", equalTo(0));

        int version = organizer.given().contentType(ContentType.JSON).body(Map.of()).post("/api/environments/" + env + "/versions")
                .then().statusCode(202).body("status", equalTo("building")).extract().path("version");
        assertEquals(1, version);
        Map<String, Object> built = awaitBuilt(env, 1);
        assertEquals("ready", built.get("status"), () -> "build log: " + built.get("buildLog"));
    }

    private void competitorsRunInIt(Account organizer, String slug, String env) {
        Account competitor = TestAccounts.signUp("envcoder");
        CompetitionFixtures.join(competitor, slug);
        String kernel = TestAccounts.uniqueName("envsub").toLowerCase();
        Map<String, Object> push = new HashMap<>();
        push.put("title", "Kernel " + kernel);
        push.put("kernel_type", "script");
        // jq is only in the competition's environment: the script fails anywhere else
        push.put("source", "import subprocess\nsubprocess.run(['jq', '--version'], check=True)\n" + hintReader(slug));
        push.put("competition_sources", List.of(slug));
        push.put("docker_image", env);
        push.put("mode", "run");
        competitor.given().contentType(ContentType.JSON).body(push)
                .post("/api/kernels/" + competitor.username() + "/" + kernel + "/versions").then().statusCode(202);
        CompetitionJourneyTest.awaitComplete(competitor, kernel);
        competitor.given().get("/api/kernels/" + competitor.username() + "/" + kernel + "/versions/1").then()
                .body("environment.name", equalTo(env)).body("environment.version", equalTo(1))
                .body("image.name", equalTo("kernelforge/env-" + env + ":1"));

        long id = submitted(competitor, slug, competitor.username() + "/" + kernel);
        Map<String, Object> s = awaitFinal(competitor, slug, id, Duration.ofSeconds(180));
        assertEquals("complete", s.get("status"), s.toString());
        assertEquals(1.0, s.get("publicScore"), "the rerun ran in the environment and read the hidden data: " + s);
    }

    private static Map<String, Object> awaitBuilt(String env, int version) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(6));
        while (Instant.now().isBefore(deadline)) {
            Map<String, Object> v = given().get("/api/environments/" + env + "/versions/" + version)
                    .then().statusCode(200).extract().as(Map.class);
            if (!"building".equals(v.get("status"))) {
                return v;
            }
            CompetitionFixtures.sleep(500);
        }
        fail("version " + version + " of " + env + " did not finish building");
        return null;
    }
}
