package org.kernelforge.competitions;

/** A submission taken from an output file of one of the caller's kernel versions that completed. */
public record KernelSubmission(String kernel, Integer version, String file, String description) {
}
