package org.kernelforge.kernels;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three slots, at most two running versions per user: one user's burst of commits leaves a slot to another user,
 * whose single commit starts before the burst's third; the limit holds at every sample; a version waiting for its
 * user's limit says so on its page and in the API.
 */
@QuarkusTest
@TestProfile(FairQueueTest.ThreeSlotsTwoPerUser.class)
class FairQueueTest {

    @Inject
    AgroalDataSource dataSource;

    public static class ThreeSlotsTwoPerUser implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kernelforge.runs.max-parallel", "3", "kernelforge.kernels.runs-per-user", "2");
        }
    }

    @Test
    void oneUsersBurstDoesNotStallAnotherUsersCommitAndTheLimitHolds() {
        Account busy = TestAccounts.signUp("burst");
        Account other = TestAccounts.signUp("single");
        int burst = 6;
        List<Integer> versions = new ArrayList<>();
        for (int i = 0; i < burst; i++) {
            versions.add(KernelFixtures.push(busy, "burst", KernelFixtures.script("import time\ntime.sleep(8)\nprint('done')")));
        }
        KernelFixtures.push(other, "single", KernelFixtures.script("print('mine')"));

        // the third of the burst waits for its user, not for a slot: it says so
        awaitStarted(busy, "burst", versions.get(1));
        Map<String, Object> third = version(busy, "burst", versions.get(2));
        if ("queued".equals(third.get("status")) && "running".equals(version(busy, "burst", versions.get(0)).get("status"))) {
            assertEquals(Map.of("running", 2, "limit", 2), third.get("queueWait"), String.valueOf(third));
            given().cookie("kf_session", busy.sessionCookie()).get("/kernels/" + busy.username() + "/burst/versions/" + versions.get(2)).then().statusCode(200)
                    .body(containsString("Queued: waiting: you already have 2 versions running; "));
        }

        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
        long mostRunning = 0;
        while (true) {
            assertTrue(Instant.now().isBefore(deadline), "the burst did not finish");
            Map<String, Long> counts = statusCounts(busy.username());
            long running = counts.getOrDefault("RUNNING", 0L);
            mostRunning = Math.max(mostRunning, running);
            assertTrue(running <= 2, "at most 2 of one user's versions run at once, saw " + running);
            if (counts.getOrDefault("RUNNING", 0L) + counts.getOrDefault("QUEUED", 0L) == 0) {
                break;
            }
            KernelFixtures.sleep(100);
        }
        assertEquals(2, mostRunning, "the burst used its two places");

        Instant otherStarted = Instant.parse((String) version(other, "single", 1).get("startedAt"));
        Instant burstThirdStarted = versions.stream().map(v -> Instant.parse((String) version(busy, "burst", v).get("startedAt")))
                .sorted().toList().get(2);
        assertTrue(otherStarted.isBefore(burstThirdStarted),
                "the other user's commit (" + otherStarted + ") starts before the burst's third (" + burstThirdStarted + ")");
        assertEquals("complete", version(other, "single", 1).get("status"));
    }

    @Test
    void aQueuedVersionCountsTheVersionsThatStartBeforeItInFairOrder() {
        Account busy = TestAccounts.signUp("many");
        Account other = TestAccounts.signUp("late");
        List<Integer> versions = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Map<String, Object> shared = KernelFixtures.script("import time\ntime.sleep(20)");
            shared.put("is_private", false);
            versions.add(KernelFixtures.push(busy, "many-versions", shared));
        }
        try {
            awaitStarted(busy, "many-versions", versions.get(1));
            KernelFixtures.push(other, "late-single", KernelFixtures.script("import time\ntime.sleep(20)"));
            // the other user's commit, pushed after the burst's five, takes the free slot: nobody is ahead of it
            KernelFixtures.awaitStatus(other, "late-single", 1, "running", Duration.ofSeconds(60));
            KernelFixtures.push(other, "late-single", KernelFixtures.script("print('second')"));
            // the busy user's third waits for them; the other's second has fewer of its user's running, so goes first
            Map<String, Object> third = version(busy, "many-versions", versions.get(2));
            assertEquals("queued", third.get("status"));
            assertEquals(1, ((Number) third.get("queuePosition")).intValue(), String.valueOf(third));
            assertEquals(Map.of("running", 2, "limit", 2), third.get("queueWait"));
            Map<String, Object> second = version(other, "late-single", 2);
            assertEquals(0, ((Number) second.get("queuePosition")).intValue(), String.valueOf(second));
            assertEquals(null, second.get("queueWait"));
            // to someone else the page names no "you"
            given().cookie("kf_session", other.sessionCookie()).get("/kernels/" + busy.username() + "/many-versions/versions/" + versions.get(2)).then().statusCode(200)
                    .body(containsString("Queued: waiting: its owner already has 2 versions running; 1 ahead in the queue"));
        } finally {
            for (int v : versions) {
                busy.given().post("/api/kernels/" + busy.username() + "/many-versions/versions/" + v + "/cancel");
            }
            for (int v = 1; v <= 2; v++) {
                other.given().post("/api/kernels/" + other.username() + "/late-single/versions/" + v + "/cancel");
            }
        }
    }

    /** One user's versions by status, read at one moment (the API would read them one after the other). */
    private Map<String, Long> statusCounts(String username) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select v.status, count(*) from kernel_versions v join kernels k on k.id = v.kernel_id "
                        + "join users u on u.id = k.owner_id where u.username = ? group by v.status")) {
            s.setString(1, username);
            Map<String, Long> counts = new HashMap<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    counts.put(r.getString(1), r.getLong(2));
                }
            }
            return counts;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitStarted(Account owner, String slug, int v) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        Map<String, Object> seen = version(owner, slug, v);
        while ("queued".equals(seen.get("status")) && Instant.now().isBefore(deadline)) {
            KernelFixtures.sleep(100);
            seen = version(owner, slug, v);
        }
        assertEquals("running", seen.get("status"), String.valueOf(seen));
    }

    private static Map<String, Object> version(Account owner, String slug, int v) {
        return owner.given().get("/api/kernels/" + owner.username() + "/" + slug + "/versions/" + v).then().statusCode(200)
                .extract().as(Map.class);
    }
}
