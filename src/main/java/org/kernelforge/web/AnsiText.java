package org.kernelforge.web;

import org.fusesource.jansi.AnsiColors;
import org.fusesource.jansi.AnsiMode;
import org.fusesource.jansi.AnsiType;
import org.fusesource.jansi.io.AnsiOutputStream;
import org.fusesource.jansi.io.AnsiProcessor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Text with ANSI escape codes (IPython's coloured tracebacks, progress bars) as a person should see it:
 * as HTML with the colours kept (for the log page) or as plain text without them (for downloads).
 * jansi parses the escape sequences; only the select-graphic-rendition ones become styles, every other
 * sequence and control character is dropped.
 */
public final class AnsiText {

    private AnsiText() {
    }

    /** The text HTML-escaped, its colours and weights as {@code <span>}s with classes or inline colours. */
    public static String toHtml(String text) {
        ByteArrayOutputStream html = new ByteArrayOutputStream(text.length() + 64);
        Styles styles = new Styles(html);
        process(text, new EscapingStream(html, styles), styles);
        styles.close();
        return html.toString(StandardCharsets.UTF_8);
    }

    /** The text without escape codes or control characters (tabs kept). */
    public static String strip(String text) {
        if (text.indexOf('\u001b') < 0 && text.chars().noneMatch(AnsiText::dropped)) {
            return text;
        }
        ByteArrayOutputStream plain = new ByteArrayOutputStream(text.length());
        OutputStream filtered = new OutputStream() {
            @Override
            public void write(int b) {
                if (!dropped(b)) {
                    plain.write(b);
                }
            }
        };
        process(text, filtered, new AnsiProcessor(filtered));
        return plain.toString(StandardCharsets.UTF_8);
    }

    private static boolean dropped(int b) {
        return (b < 0x20 && b != '\t') || b == 0x7f;
    }

    private static void process(String text, OutputStream out, AnsiProcessor processor) {
        try (AnsiOutputStream ansi = new AnsiOutputStream(out, () -> 0, AnsiMode.Default, processor, AnsiType.Emulation,
                AnsiColors.TrueColor, StandardCharsets.UTF_8, null, null, false)) {
            ansi.write(text.getBytes(StandardCharsets.UTF_8));
            ansi.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory streams do not fail
        }
    }

    /** Escapes text for HTML on its way out, opening the current style's span before the first character. */
    private static final class EscapingStream extends OutputStream {
        private final ByteArrayOutputStream html;
        private final Styles styles;

        EscapingStream(ByteArrayOutputStream html, Styles styles) {
            this.html = html;
            this.styles = styles;
        }

        @Override
        public void write(int b) {
            b &= 0xff;
            if (dropped(b)) {
                return;
            }
            styles.open();
            switch (b) {
                case '<' -> html.writeBytes("&lt;".getBytes(StandardCharsets.US_ASCII));
                case '>' -> html.writeBytes("&gt;".getBytes(StandardCharsets.US_ASCII));
                case '&' -> html.writeBytes("&amp;".getBytes(StandardCharsets.US_ASCII));
                case '"' -> html.writeBytes("&quot;".getBytes(StandardCharsets.US_ASCII));
                default -> html.write(b);
            }
        }
    }

    /** The current graphic rendition, written as a span around the text that follows it. */
    private static final class Styles extends AnsiProcessor {
        private final ByteArrayOutputStream html;
        private String foreground;
        private String background;
        private boolean bold;
        private boolean italic;
        private boolean underline;
        private boolean changed;
        private boolean spanOpen;

        Styles(ByteArrayOutputStream html) {
            super(html);
            this.html = html;
        }

        void open() {
            if (!changed) {
                return;
            }
            changed = false;
            close();
            StringBuilder classes = new StringBuilder();
            StringBuilder style = new StringBuilder();
            add(classes, style, foreground, "fg");
            add(classes, style, background, "bg");
            if (bold) {
                classes.append(" ansi-bold");
            }
            if (italic) {
                classes.append(" ansi-italic");
            }
            if (underline) {
                classes.append(" ansi-underline");
            }
            if (classes.isEmpty() && style.isEmpty()) {
                return;
            }
            StringBuilder tag = new StringBuilder("<span");
            if (!classes.isEmpty()) {
                tag.append(" class=\"").append(classes.toString().strip()).append('"');
            }
            if (!style.isEmpty()) {
                tag.append(" style=\"").append(style).append('"');
            }
            html.writeBytes(tag.append('>').toString().getBytes(StandardCharsets.US_ASCII));
            spanOpen = true;
        }

        void close() {
            if (spanOpen) {
                html.writeBytes("</span>".getBytes(StandardCharsets.US_ASCII));
                spanOpen = false;
            }
        }

        /** A colour is a palette class ("ansi-fg-1") or an inline rgb ("#12ab34"). */
        private static void add(StringBuilder classes, StringBuilder style, String color, String layer) {
            if (color == null) {
                return;
            }
            if (color.startsWith("#")) {
                style.append(layer.equals("fg") ? "color:" : "background-color:").append(color).append(';');
            } else {
                classes.append(" ansi-").append(layer).append('-').append(color);
            }
        }

        @Override
        protected void processSetForegroundColor(int color) {
            processSetForegroundColor(color, false);
        }

        @Override
        protected void processSetForegroundColor(int color, boolean bright) {
            foreground = String.valueOf(bright ? color + 8 : color);
            changed = true;
        }

        @Override
        protected void processSetForegroundColorExt(int paletteIndex) {
            foreground = palette(paletteIndex);
            changed = true;
        }

        @Override
        protected void processSetForegroundColorExt(int r, int g, int b) {
            foreground = rgb(r, g, b);
            changed = true;
        }

        @Override
        protected void processSetBackgroundColor(int color) {
            processSetBackgroundColor(color, false);
        }

        @Override
        protected void processSetBackgroundColor(int color, boolean bright) {
            background = String.valueOf(bright ? color + 8 : color);
            changed = true;
        }

        @Override
        protected void processSetBackgroundColorExt(int paletteIndex) {
            background = palette(paletteIndex);
            changed = true;
        }

        @Override
        protected void processSetBackgroundColorExt(int r, int g, int b) {
            background = rgb(r, g, b);
            changed = true;
        }

        @Override
        protected void processDefaultTextColor() {
            foreground = null;
            changed = true;
        }

        @Override
        protected void processDefaultBackgroundColor() {
            background = null;
            changed = true;
        }

        @Override
        protected void processAttributeReset() {
            foreground = null;
            background = null;
            bold = false;
            italic = false;
            underline = false;
            changed = true;
        }

        @Override
        protected void processSetAttribute(int attribute) {
            switch (attribute) {
                case ATTRIBUTE_INTENSITY_BOLD -> bold = true;
                case ATTRIBUTE_INTENSITY_NORMAL -> bold = false;
                case ATTRIBUTE_ITALIC -> italic = true;
                case ATTRIBUTE_UNDERLINE, ATTRIBUTE_UNDERLINE_DOUBLE -> underline = true;
                case ATTRIBUTE_UNDERLINE_OFF -> underline = false;
                default -> {
                    return; // blink, conceal, negative: not shown
                }
            }
            changed = true;
        }

        /** xterm's 256 colours: the 16 named ones by class, the 6x6x6 cube and the greys as rgb. */
        private static String palette(int index) {
            if (index < 16) {
                return String.valueOf(index);
            }
            if (index < 232) {
                int i = index - 16;
                return rgb(level(i / 36), level(i / 6 % 6), level(i % 6));
            }
            int grey = 8 + (Math.min(index, 255) - 232) * 10;
            return rgb(grey, grey, grey);
        }

        private static int level(int step) {
            return step == 0 ? 0 : 55 + step * 40;
        }

        private static String rgb(int r, int g, int b) {
            return String.format("#%02x%02x%02x", r & 0xff, g & 0xff, b & 0xff);
        }
    }
}
