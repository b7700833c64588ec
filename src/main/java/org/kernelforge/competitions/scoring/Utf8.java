package org.kernelforge.competitions.scoring;

/** Validation of one UTF-8 sequence: no overlong forms, no surrogates, nothing above U+10FFFF. */
final class Utf8 {

    static final int INVALID = -1;
    /** The sequence continues past the end of the available bytes. */
    static final int CUT = -2;

    private Utf8() {
    }

    /** The length of the valid multi-byte sequence starting at b[p] (a byte of 0x80 or more), INVALID or CUT. */
    static int sequenceLength(byte[] b, int p, int limit) {
        int lead = b[p] & 0xFF;
        int length;
        int min;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
            min = 0x80;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            min = 0x800;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            min = 0x10000;
        } else {
            return INVALID;
        }
        if (p + length > limit) {
            return CUT;
        }
        int codePoint = lead & (0x7F >> length);
        for (int i = 1; i < length; i++) {
            int c = b[p + i] & 0xFF;
            if ((c & 0xC0) != 0x80) {
                return INVALID;
            }
            codePoint = (codePoint << 6) | (c & 0x3F);
        }
        if (codePoint < min || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
            return INVALID;
        }
        return length;
    }
}
