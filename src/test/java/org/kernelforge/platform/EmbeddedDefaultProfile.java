package org.kernelforge.platform;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The embedded default: an H2 database file under the data dir instead of PostgreSQL. */
public class EmbeddedDefaultProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        String dataDir = "target/h2-smoke-" + ProcessHandle.current().pid();
        return Map.of(
                "quarkus.datasource.db-kind", "h2",
                "quarkus.datasource.jdbc.url", "jdbc:h2:file:./" + dataDir + "/db/kernelforge;DB_CLOSE_ON_EXIT=FALSE",
                "quarkus.datasource.username", "kernelforge",
                "quarkus.datasource.password", "kernelforge",
                "kernelforge.data-dir", dataDir);
    }
}
