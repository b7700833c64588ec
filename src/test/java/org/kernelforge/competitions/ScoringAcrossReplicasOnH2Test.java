package org.kernelforge.competitions;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;
import org.kernelforge.platform.EmbeddedDefaultProfile;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kernelforge.competitions.CodeCompetitionFixtures.*;

/**
 * The same on the embedded default, H2 (its {@code FOR UPDATE SKIP LOCKED}), and a code submission's rerun
 * claimed there.
 */
@QuarkusTest
@TestProfile(EmbeddedDefaultProfile.class)
class ScoringAcrossReplicasOnH2Test extends ScoringAcrossReplicasTest {

    @Test
    void aCodeSubmissionIsRerunAndScoredOnH2() {
        Account organizer = TestAccounts.organizer("org");
        String slug = ready(organizer, canary(), Map.of());
        Account competitor = TestAccounts.signUp("h2code");
        CompetitionFixtures.join(competitor, slug);
        long id = submitted(competitor, slug, competitor.username() + "/" + kernel(competitor, slug, hintReader(slug), false));
        assertEquals("complete", awaitFinal(competitor, slug, id, Duration.ofSeconds(120)).get("status"));
    }
}
