package org.kernelforge.faults;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/** The server on the test's own Docker engine, which the test stops and starts. */
public class OwnDockerEngineProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("kernelforge.data-dir", "target/faults-docker-data");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(OwnDockerEngine.class));
    }
}
