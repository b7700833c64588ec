package org.kernelforge.faults;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/** The server started while the test's own Docker engine is stopped. */
public class EngineDownAtStartProfile implements QuarkusTestProfile {

    /** The engine of {@link OwnDockerEngine}, stopped before the server starts. */
    public static class StoppedEngine extends OwnDockerEngine {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = super.start();
            stopEngine("TERM");
            return config;
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("kernelforge.data-dir", "target/faults-docker-down-data");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(StoppedEngine.class));
    }
}
