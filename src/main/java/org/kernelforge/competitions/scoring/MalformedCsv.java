package org.kernelforge.competitions.scoring;

/** A file that is not a CSV this engine can read; the message names the file, the line and the fault. */
final class MalformedCsv extends Exception {

    MalformedCsv(String message) {
        super(message, null, false, false);
    }
}
