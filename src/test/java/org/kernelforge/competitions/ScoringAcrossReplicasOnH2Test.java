package org.kernelforge.competitions;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.kernelforge.platform.EmbeddedDefaultProfile;

/** The same on the embedded default, H2, and its {@code FOR UPDATE SKIP LOCKED}. */
@QuarkusTest
@TestProfile(EmbeddedDefaultProfile.class)
class ScoringAcrossReplicasOnH2Test extends ScoringAcrossReplicasTest {
}
