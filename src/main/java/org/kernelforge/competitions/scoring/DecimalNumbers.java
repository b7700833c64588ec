package org.kernelforge.competitions.scoring;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;

/**
 * Parses decimal numbers ({@code [+-]digits[.digits][(e|E)[+-]digits]}, surrounding spaces and tabs allowed) from
 * bytes with fastdoubleparser, which gives the same correctly rounded double as {@link Double#parseDouble} without
 * making a String. The library reads Java's whole double syntax ("NaN", "Infinity", hexadecimal, a d/f suffix) and
 * throws on anything else, so the text is checked first: what is not a decimal number is NaN, and labels that come
 * here to be tried as numbers cost no exception.
 */
final class DecimalNumbers {

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
        return isDecimal(b, from, to) ? JavaDoubleParser.parseDouble(b, from, to - from) : Double.NaN;
    }

    /** Whether b[from, to) is {@code [+-]digits[.digits][(e|E)[+-]digits]} with a digit before or after the point. */
    private static boolean isDecimal(byte[] b, int from, int to) {
        int p = from;
        if (p < to && (b[p] == '+' || b[p] == '-')) {
            p++;
        }
        int start = p;
        p = skipDigits(b, p, to);
        int digits = p - start;
        if (p < to && b[p] == '.') {
            int fraction = ++p;
            p = skipDigits(b, p, to);
            digits += p - fraction;
        }
        if (digits == 0) {
            return false;
        }
        if (p < to && (b[p] == 'e' || b[p] == 'E')) {
            p++;
            if (p < to && (b[p] == '+' || b[p] == '-')) {
                p++;
            }
            int exponent = p;
            p = skipDigits(b, p, to);
            if (p == exponent) {
                return false;
            }
        }
        return p == to;
    }

    private static int skipDigits(byte[] b, int p, int to) {
        while (p < to && b[p] >= '0' && b[p] <= '9') {
            p++;
        }
        return p;
    }
}
