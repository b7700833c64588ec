package org.kernelforge.competitions.scoring;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;

/**
 * {@link DecimalNumbers#parse} done with the fastdoubleparser library, for the scoring benchmark's side-by-side
 * comparison. The library parses Java's double syntax, which also takes "NaN", "Infinity", hexadecimal and a d/f
 * suffix, and throws on anything else; so the field is first checked to be a decimal number (a cheap scan, and no
 * exception for the labels that reach this parser), and what is not one is NaN, as with DecimalNumbers.
 */
public final class LibraryDecimals {

    private LibraryDecimals() {
    }

    static double parse(byte[] b, int from, int to) {
        while (from < to && (b[from] == ' ' || b[from] == '\t')) {
            from++;
        }
        while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) {
            to--;
        }
        return isDecimal(b, from, to) ? JavaDoubleParser.parseDouble(b, from, to - from) : Double.NaN;
    }

    /** Whether b[from, to) is {@code [+-]digits[.digits][(e|E)[+-]digits]}, with a digit before or after the point. */
    private static boolean isDecimal(byte[] b, int from, int to) {
        int p = from;
        if (p < to && (b[p] == '+' || b[p] == '-')) {
            p++;
        }
        int digits = p;
        p = skipDigits(b, p, to);
        int integerDigits = p - digits;
        if (p < to && b[p] == '.') {
            int fraction = ++p;
            p = skipDigits(b, p, to);
            integerDigits += p - fraction;
        }
        if (integerDigits == 0) {
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
