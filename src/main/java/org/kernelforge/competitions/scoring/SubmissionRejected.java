package org.kernelforge.competitions.scoring;

/** A submission that cannot be scored; the message is shown to the competitor as is. */
public class SubmissionRejected extends Exception {

    public SubmissionRejected(String message) {
        super(message, null, false, false);
    }
}
