package org.kernelforge.runs;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * File names as the bytes the filesystem holds. A kernel may name a file with any bytes but '/' and NUL; Java's
 * path strings decode them with sun.jnu.encoding (set by the host's locale), which loses what is not valid in it.
 * So names are read and written here through file: URIs, whose percent-escapes carry raw bytes whatever the
 * locale, and shown as a reversible escaping: valid UTF-8 as itself; a byte that is not valid UTF-8, or a control
 * character, as {@code \xHH}; a backslash as {@code \\}. Two different names never show the same.
 */
public final class FileNames {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    /** How the JVM turns file names into strings and back (from the locale it was started in). */
    private static final Charset NAME_CHARSET = nameCharset();

    private FileNames() {
    }

    /**
     * The raw bytes of {@code file}'s path below {@code base}, '/'-separated; {@code file} comes from a walk of
     * base. When the path's string encodes back to the same path (every name the host's locale can decode), its
     * bytes are that string's; else they come from the file's URI (which costs a stat).
     */
    static byte[] relativeBytes(Path base, Path file) {
        Path relative = base.relativize(file);
        String decoded = relative.toString();
        try {
            if (relative.equals(relative.getFileSystem().getPath(decoded))) {
                return decoded.getBytes(NAME_CHARSET);
            }
        } catch (InvalidPathException notEncodable) {
            // the locale's charset cannot encode what it decoded: read the bytes from the URI
        }
        String root = base.toUri().getRawPath();
        String path = file.toUri().getRawPath();
        if (!root.endsWith("/")) {
            root += "/";
        }
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("not below the walked directory");
        }
        return percentDecode(path.substring(root.length()));
    }

    /** How a name (raw bytes) is shown and stored: valid UTF-8 as itself, other bytes escaped. */
    public static String escape(byte[] raw) {
        StringBuilder shown = new StringBuilder(raw.length + 8);
        int i = 0;
        while (i < raw.length) {
            int b = raw[i] & 0xff;
            int length = sequenceLength(raw, i);
            if (length == 0) {
                hex(shown, b);
                i++;
            } else if (length == 1) {
                if (b == '\\') {
                    shown.append("\\\\");
                } else if (b < 0x20 || b == 0x7f) {
                    hex(shown, b);
                } else {
                    shown.append((char) b);
                }
                i++;
            } else {
                shown.append(new String(raw, i, length, StandardCharsets.UTF_8));
                i += length;
            }
        }
        return shown.toString();
    }

    /** The raw bytes of a name as {@link #escape} showed it; a backslash not starting an escape stands for itself. */
    public static byte[] unescape(String shown) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream(shown.length() + 8);
        int i = 0;
        while (i < shown.length()) {
            char c = shown.charAt(i);
            if (c == '\\' && i + 1 < shown.length() && shown.charAt(i + 1) == '\\') {
                raw.write('\\');
                i += 2;
            } else if (c == '\\' && i + 3 < shown.length() && shown.charAt(i + 1) == 'x'
                    && hexValue(shown.charAt(i + 2)) >= 0 && hexValue(shown.charAt(i + 3)) >= 0) {
                raw.write(hexValue(shown.charAt(i + 2)) << 4 | hexValue(shown.charAt(i + 3)));
                i += 4;
            } else {
                int cp = shown.codePointAt(i);
                raw.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        return raw.toByteArray();
    }

    /** The file below {@code root} named by a shown path, built from its raw bytes (never through the locale). */
    public static Path resolve(Path root, String shown) {
        String base = root.toAbsolutePath().normalize().toUri().getRawPath();
        if (!base.endsWith("/")) {
            base += "/";
        }
        Path file = Path.of(URI.create("file://" + base + percentEncode(unescape(shown))));
        if (!file.normalize().startsWith(root.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("the path leaves its directory");
        }
        return file;
    }

    /** A shown path as a URL path: its raw bytes percent-encoded, '/' kept between the segments. */
    public static String urlPath(String shown) {
        return percentEncode(unescape(shown));
    }

    /** The shown path of a URL path's raw bytes (the inverse of {@link #urlPath}). */
    public static String fromUrlPath(String encoded) {
        return escape(percentDecode(encoded));
    }

    private static String percentEncode(byte[] raw) {
        StringBuilder out = new StringBuilder(raw.length + 16);
        for (byte value : raw) {
            int b = value & 0xff;
            if (b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-' || b == '.' || b == '_'
                    || b == '~' || b == '/') {
                out.append((char) b);
            } else {
                out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xf]);
            }
        }
        return out.toString();
    }

    private static byte[] percentDecode(String encoded) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%' && i + 2 < encoded.length() && hexValue(encoded.charAt(i + 1)) >= 0
                    && hexValue(encoded.charAt(i + 2)) >= 0) {
                raw.write(hexValue(encoded.charAt(i + 1)) << 4 | hexValue(encoded.charAt(i + 2)));
                i += 2;
            } else {
                raw.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return raw.toByteArray();
    }

    /** Length of the valid UTF-8 sequence starting at {@code i}, or 0 when the byte there starts none. */
    private static int sequenceLength(byte[] raw, int i) {
        int b = raw[i] & 0xff;
        if (b < 0x80) {
            return 1;
        }
        int length;
        int low = 0x80;
        int high = 0xbf;
        if (b >= 0xc2 && b <= 0xdf) {
            length = 2;
        } else if (b >= 0xe0 && b <= 0xef) {
            length = 3;
            low = b == 0xe0 ? 0xa0 : 0x80;
            high = b == 0xed ? 0x9f : 0xbf; // no surrogates
        } else if (b >= 0xf0 && b <= 0xf4) {
            length = 4;
            low = b == 0xf0 ? 0x90 : 0x80;
            high = b == 0xf4 ? 0x8f : 0xbf;
        } else {
            return 0;
        }
        if (i + length > raw.length) {
            return 0;
        }
        int second = raw[i + 1] & 0xff;
        if (second < low || second > high) {
            return 0;
        }
        for (int k = 2; k < length; k++) {
            if ((raw[i + k] & 0xc0) != 0x80) {
                return 0;
            }
        }
        return length;
    }

    private static Charset nameCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (IllegalArgumentException unknown) {
            return StandardCharsets.UTF_8;
        }
    }

    private static void hex(StringBuilder out, int b) {
        out.append("\\x").append(Character.toLowerCase(HEX[b >> 4])).append(Character.toLowerCase(HEX[b & 0xf]));
    }

    private static int hexValue(char c) {
        return Character.digit(c, 16);
    }
}
