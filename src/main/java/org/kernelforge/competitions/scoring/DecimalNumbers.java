package org.kernelforge.competitions.scoring;

import java.nio.charset.StandardCharsets;

/**
 * Parses decimal numbers ({@code [+-]digits[.digits][(e|E)[+-]digits]}, surrounding spaces allowed) from bytes
 * with the same correctly rounded result as {@link Double#parseDouble}. Most numbers in a submission have at most 15
 * or 16 digits and a small exponent: their digits fit a double exactly, and one multiplication or division by an
 * exact power of ten rounds correctly (Clinger's fast path). Longer numbers go to {@link Double#parseDouble}.
 */
final class DecimalNumbers {

    private static final long EXACT_MANTISSA_LIMIT = 1L << 53;
    private static final double[] POWERS_OF_TEN = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = p;
            p *= 10;
        }
    }

    private DecimalNumbers() {
    }

    /** The number in b[from, to), or NaN if it is not a decimal number (so "nan" and "abc" both give NaN). */
    static double parse(byte[] b, int from, int to) {
        while (from < to && (b[from] == ' ' || b[from] == '\t')) {
            from++;
        }
        while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) {
            to--;
        }
        int p = from;
        boolean negative = false;
        if (p < to && (b[p] == '-' || b[p] == '+')) {
            negative = b[p] == '-';
            p++;
        }
        long mantissa = 0;
        int significantDigits = 0;
        int exponent = 0;
        boolean anyDigit = false;
        int d;
        while (p < to && (d = b[p] - '0') >= 0 && d <= 9) {
            anyDigit = true;
            if (significantDigits < 19) {
                mantissa = mantissa * 10 + d;
                if (mantissa != 0) {
                    significantDigits++;
                }
            } else {
                exponent++;
                significantDigits++;
            }
            p++;
        }
        if (p < to && b[p] == '.') {
            p++;
            while (p < to && (d = b[p] - '0') >= 0 && d <= 9) {
                anyDigit = true;
                if (significantDigits < 19) {
                    mantissa = mantissa * 10 + d;
                    exponent--;
                    if (mantissa != 0) {
                        significantDigits++;
                    }
                } else {
                    significantDigits++;
                }
                p++;
            }
        }
        if (!anyDigit) {
            return Double.NaN;
        }
        if (p < to && (b[p] == 'e' || b[p] == 'E')) {
            p++;
            boolean negativeExponent = false;
            if (p < to && (b[p] == '-' || b[p] == '+')) {
                negativeExponent = b[p] == '-';
                p++;
            }
            if (p == to) {
                return Double.NaN;
            }
            int written = 0;
            while (p < to && (d = b[p] - '0') >= 0 && d <= 9) {
                if (written < 100_000) {
                    written = written * 10 + d;
                }
                p++;
            }
            exponent += negativeExponent ? -written : written;
        }
        if (p != to) {
            return Double.NaN;
        }
        if (significantDigits <= 19 && mantissa < EXACT_MANTISSA_LIMIT) {
            double value;
            if (mantissa == 0) {
                value = 0;
            } else if (exponent == 0) {
                value = mantissa;
            } else if (exponent > 0 && exponent < POWERS_OF_TEN.length) {
                value = mantissa * POWERS_OF_TEN[exponent];
            } else if (exponent < 0 && -exponent < POWERS_OF_TEN.length) {
                value = mantissa / POWERS_OF_TEN[-exponent];
            } else {
                return Double.parseDouble(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
            }
            return negative ? -value : value;
        }
        return Double.parseDouble(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
    }
}
