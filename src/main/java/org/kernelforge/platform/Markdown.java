package org.kernelforge.platform;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Renders user-written Markdown to HTML that is safe to put in a page: raw HTML in the text is
 * escaped, not passed through, and links and images with a javascript: (or other unsafe) address
 * are neutralized.
 */
public final class Markdown {

    private static final Parser PARSER = Parser.builder().build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();

    private Markdown() {
    }

    public static String toSafeHtml(String markdown) {
        return markdown == null || markdown.isBlank() ? "" : RENDERER.render(PARSER.parse(markdown));
    }
}
