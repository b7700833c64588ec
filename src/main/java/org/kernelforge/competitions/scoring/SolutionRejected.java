package org.kernelforge.competitions.scoring;

/** An organizer's solution file that cannot be used; the message says what to fix. */
public class SolutionRejected extends Exception {

    public SolutionRejected(String message) {
        super(message, null, false, false);
    }
}
