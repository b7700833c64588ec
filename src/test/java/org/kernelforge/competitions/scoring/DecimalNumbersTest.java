package org.kernelforge.competitions.scoring;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parsing from bytes gives exactly Double.parseDouble's correctly rounded double, on every path. */
class DecimalNumbersTest {

    @Test
    void agreesWithParseDoubleBitForBit() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 200_000; i++) {
            String text = switch (i % 6) {
                case 0 -> Double.toString(Double.longBitsToDouble(random.nextLong() & 0x7FEF_FFFF_FFFF_FFFFL));
                case 1 -> Double.toString(random.nextDouble() * Math.pow(10, random.nextInt(-30, 30)));
                case 2 -> digits(random, 1 + random.nextInt(19)) + "e" + random.nextInt(-340, 310);
                case 3 -> digits(random, 1 + random.nextInt(10)) + "." + digits(random, 1 + random.nextInt(12));
                case 4 -> String.format(Locale.ROOT, "%.17g", random.nextGaussian() * 1000);
                default -> "-" + digits(random, 17 + random.nextInt(6)) + "e-" + random.nextInt(25);
            };
            assertSame(text);
        }
    }

    @Test
    void halfwayAndBoundaryCasesAgree() {
        String[] cases = {"9007199254740993", "9007199254740992.5", "2.2250738585072011e-308", "2.2250738585072014e-308",
            "4.9e-324", "1.7976931348623157e308", "1.7976931348623159e308", "9999999999999999999", "18446744073709551615",
            "9223372036854775808", "0.1", "0.30000000000000004", "1e23", "8.41e21", "5e-324", "123456789012345678e-5",
            "7.2057594037927933e16", "  -3.25  ", "+.5", "5.", "0.000000000000000000000000000000000001", "1e-400", "1e400",
            "1.e5", "-0", "-0.0", "00012", "1E+05", "\t7\t", "1e99999999999", "-1e-99999999999", "1".repeat(400) + ".5e-300"};
        for (String text : cases) {
            assertSame(text);
        }
    }

    @Test
    void textThatIsNotADecimalNumberIsNaN() {
        for (String text : new String[] {"", " ", "abc", "1d", "1f", "0x1p3", "NaN", "Infinity", "1e", "1e+", "--1", "1.2.3", "1,5", ".",
            "+", "-", "e5", ".e5", "1e5.5", "1e+-5", "+-1", "1 2", "2024-01-02", "1-2", "1\n", "\u00a01", "1_000", "٣"}) {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            assertTrue(Double.isNaN(DecimalNumbers.parse(b, 0, b.length)), text);
        }
    }

    private static void assertSame(String text) {
        byte[] b = ("x" + text + "y").getBytes(StandardCharsets.US_ASCII);
        double expected = Double.parseDouble(text.strip());
        double actual = DecimalNumbers.parse(b, 1, b.length - 1);
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual), text);
    }

    private static String digits(SplittableRandom random, int count) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < count; i++) {
            s.append((char) ('0' + random.nextInt(10)));
        }
        return s.toString();
    }
}
