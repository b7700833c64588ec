package org.kernelforge.environments;

/**
 * The environment version a kernel runs in: which environment and version, its image by name and content digest
 * (empty when not known yet), and its language (python or r).
 */
public record ResolvedEnvironment(String name, int version, String imageName, String imageDigest, String language) {

    public EnvironmentPin pin() {
        return new EnvironmentPin(name, version);
    }
}
