package org.kernelforge.faults;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/** The server on the test's own PostgreSQL cluster, which the test restarts. */
public class OwnPostgresProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("kernelforge.data-dir", "target/faults-pg-data");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(OwnPostgres.class));
    }
}
