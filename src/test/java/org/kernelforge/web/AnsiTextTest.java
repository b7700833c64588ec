package org.kernelforge.web;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AnsiTextTest {

    /** The header line of an IPython traceback, as a notebook's error output carries it. */
    private static final String TRACEBACK = "\u001b[0;31mKeyError\u001b[0m                                  Traceback";

    @Test
    void coloursBecomeSpansAndTextIsEscaped() {
        assertEquals("<span class=\"ansi-fg-1\">KeyError</span>                                  Traceback",
                AnsiText.toHtml(TRACEBACK));
        assertEquals("a &lt;b&gt; &amp; &quot;c&quot;", AnsiText.toHtml("a <b> & \"c\""));
    }

    @Test
    void paletteAndBoldColoursAreKept() {
        assertEquals("<span class=\"ansi-bold\" style=\"color:#008700;\">try</span>:",
                AnsiText.toHtml("\u001b[38;5;28;01mtry\u001b[39;00m:"));
        assertEquals("<span class=\"ansi-fg-2 ansi-bold\">   3801</span> x",
                AnsiText.toHtml("\u001b[1;32m   3801\u001b[0m x"));
    }

    @Test
    void plainTextLosesEveryEscapeCode() {
        assertEquals("KeyError                                  Traceback", AnsiText.strip(TRACEBACK));
        assertEquals("try:", AnsiText.strip("\u001b[38;5;28;01mtry\u001b[39;00m:"));
        assertEquals("50%\tdone", AnsiText.strip("\r\u001b[2K50%\tdone"));
        assertEquals("unchanged ✓", AnsiText.strip("unchanged ✓"));
    }

    @Test
    void unknownSequencesAndControlCharactersAreDropped() {
        assertEquals("ab", AnsiText.toHtml("a\u001b[?25lb\u0007"));
    }
}
