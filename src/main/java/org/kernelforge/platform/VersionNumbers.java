package org.kernelforge.platform;

/** A version as addresses name it: a number, or {@code latest}. */
public final class VersionNumbers {

    private VersionNumbers() {
    }

    /** The number {@code n} names, given the latest one; -1 when {@code n} names none. */
    public static int resolve(String n, int latest) {
        if ("latest".equals(n)) {
            return latest;
        }
        try {
            return Integer.parseInt(n);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
