package org.kernelforge.web;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A leader invites a user on the Team tab, the user accepts on My invitations, and the leaderboard shows the team. */
@QuarkusTest
class TeamJourneyBrowserTest extends BrowserTestBase {

    @Test
    void aLeaderInvitesAUserWhoAcceptsAndTheLeaderboardShowsTheTeam() {
        Account organizer = TestAccounts.organizer("org");
        String slug = WebCompetitions.open(organizer);
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
        browser.waitFor(d -> browser.path().equals("/competitions/" + slug + "/team"), PAGE);
        String members = browser.textContaining("#team-members", bob.username());
        assertTrue(members.contains(ada.username()), members);
        browser.screenshots("team-joined");

        long id = ((Number) bob.given().multiPart("file", "s.csv", WebCompetitions.rightAnswers().getBytes(), "text/csv")
                .post("/api/competitions/" + slug + "/submissions").then().statusCode(202).extract().path("id")).longValue();
        WebCompetitions.awaitScored(ada, slug, id);
        browser.open("/competitions/" + slug + "/leaderboard");
        String row = browser.textContaining("#public-board tbody tr", "Lifeboat Six");
        assertTrue(row.contains(ada.username() + ", " + bob.username()), row);
        assertEquals(0L, browser.horizontalOverflow());
        browser.screenshots("team-leaderboard");
    }
}
