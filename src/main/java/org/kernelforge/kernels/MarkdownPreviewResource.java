package org.kernelforge.kernels;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.platform.Markdown;
import org.kernelforge.platform.ProblemException;

/** The editor's preview of a Markdown cell, rendered as every page renders Markdown: raw HTML escaped, unsafe links dropped. */
@Path("/api/markdown/preview")
public class MarkdownPreviewResource {

    /** A Markdown cell longer than this is not previewed (the editor keeps showing its text). */
    static final int MAX_CHARS = 200_000;

    private final CurrentUser current;

    public MarkdownPreviewResource(CurrentUser current) {
        this.current = current;
    }

    @POST
    @Consumes(MediaType.TEXT_PLAIN)
    @Produces(MediaType.TEXT_HTML)
    public String render(String markdown) {
        current.require();
        if (markdown != null && markdown.length() > MAX_CHARS) {
            throw ProblemException.tooLarge("markdown", "A preview is rendered for up to " + MAX_CHARS + " characters");
        }
        return Markdown.toSafeHtml(markdown);
    }
}
