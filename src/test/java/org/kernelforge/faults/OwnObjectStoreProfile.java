package org.kernelforge.faults;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/** The server on the test's own S3Proxy, which the test stops and starts. */
public class OwnObjectStoreProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("kernelforge.data-dir", "target/faults-s3-data");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(OwnObjectStore.class));
    }
}
