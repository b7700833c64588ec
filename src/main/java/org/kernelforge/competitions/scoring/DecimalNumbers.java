package org.kernelforge.competitions.scoring;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Parses decimal numbers ({@code [+-]digits[.digits][(e|E)[+-]digits]}, surrounding spaces allowed) from bytes
 * with the same correctly rounded result as {@link Double#parseDouble}. Numbers of at most 15 or 16 digits with a
 * small exponent fit a double exactly, and one multiplication or division by an exact power of ten rounds correctly
 * (Clinger's fast path). Up to 19 digits, the top 64 bits of the digits times a power of five almost always decide
 * the rounding (the idea of Eisel and Lemire's algorithm, with a simpler and more conservative check); the rare
 * undecided numbers, and longer ones, go to {@link Double#parseDouble}.
 */
final class DecimalNumbers {

    private static final long EXACT_MANTISSA_LIMIT = 1L << 53;
    private static final double[] POWERS_OF_TEN = new double[23];
    private static final int MIN_POWER = -350;
    private static final int MAX_POWER = 310;
    /** 5^q as 64 bits with the top bit set, truncated: 5^q = POWERS_OF_FIVE[i] * 2^POWER_OF_FIVE_SCALES[i] (less than one unit). */
    private static final long[] POWERS_OF_FIVE = new long[MAX_POWER - MIN_POWER + 1];
    private static final int[] POWER_OF_FIVE_SCALES = new int[MAX_POWER - MIN_POWER + 1];

    static {
        double p = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = p;
            p *= 10;
        }
        for (int q = MIN_POWER; q <= MAX_POWER; q++) {
            BigInteger five = BigInteger.valueOf(5).pow(Math.abs(q));
            int bits = five.bitLength();
            BigInteger top;
            int scale;
            if (q >= 0) {
                top = bits > 64 ? five.shiftRight(bits - 64) : five.shiftLeft(64 - bits);
                scale = bits - 64;
            } else {
                top = BigInteger.ONE.shiftLeft(63 + bits).divide(five);
                scale = -(63 + bits);
            }
            POWERS_OF_FIVE[q - MIN_POWER] = top.longValue();
            POWER_OF_FIVE_SCALES[q - MIN_POWER] = scale;
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
        if (significantDigits > 19) {
            return Double.parseDouble(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
        }
        double value;
        if (mantissa == 0) {
            value = 0;
        } else if (mantissa > 0 && mantissa < EXACT_MANTISSA_LIMIT && exponent >= 0 && exponent < POWERS_OF_TEN.length) {
            value = mantissa * POWERS_OF_TEN[exponent];
        } else if (mantissa > 0 && mantissa < EXACT_MANTISSA_LIMIT && exponent < 0 && -exponent < POWERS_OF_TEN.length) {
            value = mantissa / POWERS_OF_TEN[-exponent];
        } else {
            value = withPowerOfFive(mantissa, exponent);
            if (Double.isNaN(value)) {
                return Double.parseDouble(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
            }
        }
        return negative ? -value : value;
    }

    /**
     * mantissa * 10^exponent (mantissa unsigned, non-zero) from the top 64 bits of mantissa * 5^exponent, or NaN when
     * those bits cannot decide the rounding. The truncated power is below the true one by less than one unit, so the
     * true product's top word is the computed one or one more; rounding is decided when the bits below the rounding
     * bit are neither all zeros (a tie would be possible) nor all ones (the carry could reach the rounding bit).
     */
    private static double withPowerOfFive(long mantissa, int exponent) {
        if (exponent < MIN_POWER || exponent > MAX_POWER) {
            return Double.NaN;
        }
        int leadingZeros = Long.numberOfLeadingZeros(mantissa);
        long normalized = mantissa << leadingZeros;
        long power = POWERS_OF_FIVE[exponent - MIN_POWER];
        long high = unsignedMultiplyHigh(normalized, power);
        int shift = high < 0 ? 10 : 9;
        long below = high & ((1L << shift) - 1);
        if (below == 0 || below == (1L << shift) - 1) {
            return Double.NaN;
        }
        long rounded = ((high >>> shift) + 1) >>> 1;
        int binaryExponent = shift + 65 + POWER_OF_FIVE_SCALES[exponent - MIN_POWER] + exponent - leadingZeros;
        if (rounded == 1L << 53) {
            rounded >>>= 1;
            binaryExponent++;
        }
        if (binaryExponent + 52 < -1022 || binaryExponent + 52 > 1023) {
            return Double.NaN;
        }
        return Math.scalb((double) rounded, binaryExponent);
    }

    private static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }
}