package org.kernelforge.environments;

/** The environment version a kernel is on now; {@code name} is null for a kernel that has none yet. */
public record EnvironmentPin(String name, Integer version) {

    public static final EnvironmentPin NONE = new EnvironmentPin(null, null);
}
