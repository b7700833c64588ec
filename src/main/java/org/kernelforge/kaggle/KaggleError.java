package org.kernelforge.kaggle;

/** Kaggle's error body: the client prints {@code message} when the response is JSON with a {@code code} of 400 or more. */
public record KaggleError(int code, String message) {
}
