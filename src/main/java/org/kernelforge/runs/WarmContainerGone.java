package org.kernelforge.runs;

/** A warm container stopped waiting before it was handed its run: nothing ran in it. */
public class WarmContainerGone extends Exception {

    WarmContainerGone(String message, Throwable cause) {
        super(message, cause);
    }
}
