package org.kernelforge.kernels;

/**
 * The {@code docker_image} a test names to run on a shipped environment. Until environments exist this is an image
 * registered with {@code kernelforge.kernels.extra-images}, named by the system property {@code kf.test.image.<name>}.
 */
final class ShippedEnvironments {

    private ShippedEnvironments() {
    }

    static String dockerImage(String environment) {
        return System.getProperty("kf.test.image." + environment, environment);
    }
}
