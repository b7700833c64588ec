package org.kernelforge.web;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A leader invites a user on the Team tab, the user accepts on My invitations, and the leaderboard shows the team. */
@QuarkusTest
class TeamJourneyBrowserTest {

    private static final String TEST_CSV = "PassengerId,Pclass\n101,1\n102,2\n103,3\n104,1\n";
    private static final String SOLUTION = "PassengerId,Survived,Usage\n101,0,Public\n102,1,Public\n103,0,Private\n104,1,Private\n";

    @TestHTTPResource("/")
    URL base;

    private Browser browser;

    @BeforeEach
    void start() {
        browser = new Browser(base);
    }

    @AfterEach
    void stop() {
        browser.close();
    }

    @Test
    void aLeaderInvitesAUserWhoAcceptsAndTheLeaderboardShowsTheTeam() {
        Account organizer = TestAccounts.organizer("org");
        String slug = competition(organizer);
        Account ada = TestAccounts.signUp("ada");
        Account bob = TestAccounts.signUp("bob");
        ada.given().post("/api/competitions/" + slug + "/join").then().statusCode(200);

        AccountJourneyTest.signIn(browser, ada.username());
        browser.open("/competitions/" + slug);
        browser.click("a.tab[href$='/team']");
        assertTrue(browser.textContaining("#team-members", ada.username()).contains("leader"));
        browser.type("#f-username", "nobody-" + slug);
        browser.click("#invite");
        assertTrue(browser.textContaining("#e-username", "no user").contains("nobody-" + slug));
        browser.type("#f-username", bob.username());
        browser.click("#invite");
        assertTrue(browser.textContaining("#pending-invitations", bob.username()).contains(bob.username()));
        browser.type("#f-name", "Lifeboat Six");
        browser.click("#rename-form button");
        assertEquals("Lifeboat Six", browser.textContaining("#team-name", "Lifeboat"));
        browser.screenshots("team-page");
        AccountJourneyTest.signOut(browser);

        AccountJourneyTest.signIn(browser, bob.username());
        browser.click("#my-invitations");
        assertTrue(browser.textContaining("#invitations", "Lifeboat Six").contains(ada.username()));
        browser.screenshots("team-invitations");
        browser.click("#invitations .accept");
        browser.waitFor(d -> browser.path().equals("/competitions/" + slug + "/team"), Duration.ofSeconds(10));
        String members = browser.textContaining("#team-members", bob.username());
        assertTrue(members.contains(ada.username()), members);
        browser.screenshots("team-joined");

        long id = ((Number) bob.given().multiPart("file", "s.csv", "PassengerId,Survived\n101,0\n102,1\n103,0\n104,1\n".getBytes(), "text/csv")
                .post("/api/competitions/" + slug + "/submissions").then().statusCode(202).extract().path("id")).longValue();
        awaitScored(ada, slug, id);
        browser.open("/competitions/" + slug + "/leaderboard");
        String row = browser.textContaining("#public-board tbody tr", "Lifeboat Six");
        assertTrue(row.contains(ada.username() + ", " + bob.username()), row);
        assertEquals(0L, browser.horizontalOverflow());
        browser.screenshots("team-leaderboard");
    }

    private static String competition(Account organizer) {
        String data = TestAccounts.uniqueName("boats").toLowerCase();
        organizer.given().multiPart("metadata", "{\"title\":\"Boats\",\"id\":\"" + organizer.username() + "/" + data
                        + "\",\"isPrivate\":false}", "application/json")
                .multiPart("file", "test.csv", TEST_CSV.getBytes(), "text/csv")
                .post("/api/datasets").then().statusCode(201);
        String slug = TestAccounts.uniqueName("teams").toLowerCase();
        organizer.given().contentType(ContentType.JSON).body(Map.of("slug", slug, "title", "Teams " + slug,
                        "startTime", Instant.now().minusSeconds(60).toString(),
                        "endTime", Instant.now().plus(Duration.ofDays(30)).toString(),
                        "dataset", organizer.username() + "/" + data + "/1", "metric", "accuracy",
                        "idColumn", "PassengerId", "targetColumns", List.of("Survived")))
                .post("/api/competitions").then().statusCode(201);
        organizer.given().contentType("text/csv").body(SOLUTION).put("/api/competitions/" + slug + "/solution")
                .then().statusCode(204);
        return slug;
    }

    private static void awaitScored(Account member, String slug, long id) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            String status = member.given().get("/api/competitions/" + slug + "/submissions/" + id).then().statusCode(200)
                    .extract().path("submission.status");
            if (!"pending".equals(status)) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
