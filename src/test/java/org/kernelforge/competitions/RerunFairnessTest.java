package org.kernelforge.competitions;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernelforge.competitions.CodeCompetitionFixtures.*;

/**
 * Scoring reruns hold at most their share of the run slots (the test profile has 2 slots, so 1 for reruns): a
 * burst of reruns leaves a slot to commits, and a commit queued behind them runs at once; a waiting rerun gets
 * the next slot commits free while they hold their share.
 */
@QuarkusTest
class RerunFairnessTest {

    @Test
    void aBurstOfRerunsDoesNotStarveCommits() {
        Account organizer = TestAccounts.organizer("org");
        String slug = ready(organizer, canary(), Map.of());
        putHiddenData(organizer, slug, Map.of("test.csv", hiddenTest("slow"), "slow.txt", "the rerun sleeps"))
                .then().statusCode(204);
        Account competitor = TestAccounts.signUp("burst");
        CompetitionFixtures.join(competitor, slug);
        // only a rerun sees slow.txt: it sleeps there, then writes its predictions
        String slow = "import os, time\n"
                + "if os.path.exists('/kaggle/input/" + slug + "/slow.txt'): time.sleep(45)\n" + hintReader(slug);
        long first = submitted(competitor, slug, competitor.username() + "/" + kernel(competitor, slug, slow, false));
        long second = submitted(competitor, slug, competitor.username() + "/" + kernel(competitor, slug, slow, false));
        awaitStatus(competitor, slug, first, "rerunning");

        String quick = kernel(competitor, slug, "print('a commit while reruns wait')\n", true);
        CompetitionJourneyTest.awaitComplete(competitor, quick);
        assertEquals("queued", status(competitor, slug, second),
                "the second rerun waits for the reruns' slot while the commit used the other one");
        assertEquals("complete", awaitFinal(competitor, slug, first, Duration.ofSeconds(120)).get("status"));
        assertEquals("complete", awaitFinal(competitor, slug, second, Duration.ofSeconds(120)).get("status"));
    }

    @Test
    void aWaitingRerunGetsTheNextSlotBeforeACommitQueuedAfterIt() {
        Account organizer = TestAccounts.organizer("org");
        String slug = ready(organizer, canary(), Map.of());
        Account competitor = TestAccounts.signUp("patient");
        CompetitionFixtures.join(competitor, slug);
        // two commits hold both slots: one for 20 s, one for 60 s
        String shortCommit = kernel(competitor, slug, "import time\ntime.sleep(20)\n", true);
        String longCommit = kernel(competitor, slug, "import time\ntime.sleep(60)\n", true);
        awaitVersion(competitor, shortCommit, "running");
        awaitVersion(competitor, longCommit, "running");
        long rerun = submitted(competitor, slug, competitor.username() + "/" + kernel(competitor, slug, hintReader(slug), false));
        String later = kernel(competitor, slug, "print('queued after the rerun')\n", true);
        // the slot the short commit frees goes to the rerun, not to the commit queued after it
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while ("queued".equals(status(competitor, slug, rerun)) && Instant.now().isBefore(deadline)) {
            CompetitionFixtures.sleep(100);
        }
        assertEquals("queued", versionStatus(competitor, later), "the rerun started first");
        assertEquals("complete", awaitFinal(competitor, slug, rerun, Duration.ofSeconds(120)).get("status"));
    }

    private static String versionStatus(Account owner, String kernel) {
        return owner.given().get("/api/kernels/" + owner.username() + "/" + kernel + "/versions/1").then()
                .statusCode(200).extract().path("status");
    }

    private static void awaitVersion(Account owner, String kernel, String wanted) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!wanted.equals(versionStatus(owner, kernel))) {
            assertTrue(Instant.now().isBefore(deadline), kernel + " never became " + wanted);
            CompetitionFixtures.sleep(100);
        }
    }

    private static String status(Account competitor, String slug, long id) {
        return competitor.given().get("/api/competitions/" + slug + "/submissions/" + id).then().statusCode(200)
                .extract().path("submission.status");
    }

    private static void awaitStatus(Account competitor, String slug, long id, String wanted) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (wanted.equals(status(competitor, slug, id))) {
                return;
            }
            CompetitionFixtures.sleep(100);
        }
        assertTrue(false, "submission " + id + " never became " + wanted);
    }
}
