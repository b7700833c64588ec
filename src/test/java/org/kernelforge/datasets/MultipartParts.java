package org.kernelforge.datasets;

import org.apache.commons.fileupload2.core.AbstractFileUpload;
import org.apache.commons.fileupload2.core.DiskFileItem;
import org.apache.commons.fileupload2.core.DiskFileItemFactory;
import org.apache.commons.fileupload2.core.FileItemHeaders;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.core.FileUploadSizeException;
import org.apache.commons.fileupload2.core.MultipartInput;
import org.kernelforge.platform.ProblemException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The library side of src/bench/multipart-benchmark.sh: {@link MultipartReader}'s job done by Commons FileUpload 2's
 * streaming parser ({@link MultipartInput}, part headers parsed by {@link AbstractFileUpload}), as it would serve
 * every upload in its place: each part's name, filename and content type, then its bytes as a stream that ends at
 * the next boundary, only the parser's buffer held. It lost the comparison (see the README), so it serves none.
 */
final class MultipartParts {

    /** One part: its form name, its filename (null for a text field), its content type, and its bytes. */
    record Part(String name, String filename, String contentType, InputStream body) {
    }

    static final int MAX_HEADER_BYTES = 16 * 1024;
    /** The parser's buffer: the most a part's stream hands out in one read. */
    static final int BUFFER = 64 * 1024;
    private static final HeaderParser HEADERS = new HeaderParser();

    private final InputStream in;
    private final MultipartInput input;
    private boolean started;
    private boolean finished;
    private MultipartInput.ItemInputStream current;

    private MultipartParts(InputStream in, MultipartInput input) {
        this.in = in;
        this.input = input;
    }

    /** Starts reading {@code body}; a Content-Type that is not multipart/form-data with a boundary is a 400. */
    static MultipartParts read(String contentType, InputStream body) {
        byte[] boundary = contentType == null
                || !contentType.toLowerCase(Locale.ROOT).startsWith(AbstractFileUpload.MULTIPART_FORM_DATA)
                ? null : HEADERS.getBoundary(contentType);
        if (boundary == null) {
            throw ProblemException.badRequest("file", "Send the upload as multipart/form-data with a boundary");
        }
        try {
            MultipartInput input = MultipartInput.builder().setInputStream(body).setBoundary(boundary)
                    .setBufferSize(BUFFER).setMaxPartHeaderSize(MAX_HEADER_BYTES).get();
            input.setHeaderCharset(StandardCharsets.UTF_8);
            return new MultipartParts(body, input);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("file", "The multipart boundary is too long");
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    /** The next part, or empty after the closing boundary; what the part before did not read is skipped. */
    Optional<Part> next() throws IOException {
        if (finished) {
            return Optional.empty();
        }
        try {
            boolean another;
            if (!started) {
                started = true;
                another = input.skipPreamble();
                if (!another) {
                    throw malformed("the body has no boundary line");
                }
            } else {
                current.close();
                another = input.readBoundary();
            }
            if (!another) {
                finished = true;
                drain();
                return Optional.empty();
            }
            FileItemHeaders headers = HEADERS.getParsedHeaders(input.readHeaders());
            String name = HEADERS.getFieldName(headers);
            if (name == null) {
                throw malformed("a part has no name in its Content-Disposition header");
            }
            // the raw filename: FileItemInput.getName() would check it for NUL only, by an unchecked error
            String filename = HEADERS.getFileName(headers);
            if (filename != null) {
                checkFilename(name, filename);
            }
            current = input.newInputStream();
            return Optional.of(new Part(name, filename, headers.getHeader(AbstractFileUpload.CONTENT_TYPE),
                    new PartBody(current)));
        } catch (FileUploadException e) {
            throw malformed(e);
        }
    }

    /** Reads what is left of the request, so an error answer reaches a client that is still sending. */
    void drain() {
        try {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // the client is gone; nobody reads the answer
        }
    }

    /** A name the parser would cut or a file system refuse: any control character, a line feed as much as NUL. */
    private static void checkFilename(String part, String filename) {
        for (int i = 0; i < filename.length(); i++) {
            char c = filename.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw ProblemException.badRequest(part, "The filename of the '" + part + "' part contains a control "
                        + "character (code " + (int) c + "); rename the file without it");
            }
        }
    }

    private static ProblemException malformed(IOException e) {
        return malformed(e instanceof FileUploadSizeException
                ? "a part's headers are longer than " + MAX_HEADER_BYTES + " bytes"
                : "Stream ended unexpectedly".equals(e.getMessage()) ? "the body ends before its closing boundary"
                : e.getMessage());
    }

    private static ProblemException malformed(String why) {
        return ProblemException.badRequest("file", "The upload is not a well-formed multipart/form-data body: " + why);
    }

    /** A part's bytes; a break of the format while they are read is a 400, as it is between parts. */
    private static final class PartBody extends FilterInputStream {
        PartBody(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (FileUploadException e) {
                throw malformed(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (FileUploadException e) {
                throw malformed(e);
            }
        }
    }

    /**
     * Commons FileUpload's parsing of boundaries and part headers, without a servlet API; the methods that would
     * collect whole items (in memory or on disk) are not used.
     */
    private static final class HeaderParser extends AbstractFileUpload<InputStream, DiskFileItem, DiskFileItemFactory> {
        @Override
        public FileItemInputIterator getItemIterator(InputStream body) {
            throw new UnsupportedOperationException("parts are read by MultipartParts");
        }

        @Override
        public Map<String, List<DiskFileItem>> parseParameterMap(InputStream body) {
            throw new UnsupportedOperationException("parts are streamed, never collected");
        }

        @Override
        public List<DiskFileItem> parseRequest(InputStream body) {
            throw new UnsupportedOperationException("parts are streamed, never collected");
        }
    }
}
