package org.kernelforge.datasets;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.kernelforge.platform.PlatformConfig;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.storage.BlobStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Multipart dataset uploads read as they arrive: a file goes to the blob store while the client is still
 * sending it, instead of to a temporary file that is read twice more (hashed, then sent) once the request is
 * complete. Archives wait on local disk as before, as they are extracted. The form has the same rules and
 * answers as one parsed by Quarkus ({@link UploadForm}).
 */
@ApplicationScoped
public class StreamedUploads {

    private static final Logger LOG = Logger.getLogger(StreamedUploads.class);
    /** The sha256 of no bytes: an empty file is refused by {@link UploadedFiles} before anything is stored. */
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private final BlobStore blobs;
    private final Path spoolDir;

    public StreamedUploads(BlobStore blobs, PlatformConfig platform) {
        this.blobs = blobs;
        this.spoolDir = platform.dataDir().resolve("tmp").resolve("uploads");
    }

    /**
     * Reads the form and hands it to {@code upload}; local files of archives are deleted afterwards, whatever
     * happened. {@code beforeFiles} may refuse the upload from the text parts sent before its files, so that
     * nothing is stored for it. On a refused form the rest of the body is read before the answer, as a client
     * still sending would not see it otherwise.
     */
    public <T> T receive(String contentType, InputStream body, Set<String> textParts, Consumer<UploadForm> beforeFiles,
                         Function<UploadForm, T> upload) {
        String boundary = MultipartReader.boundary(contentType).orElseThrow(() -> ProblemException.badRequest("file",
                "Send the upload as multipart/form-data with a boundary"));
        MultipartReader reader = new MultipartReader(body, boundary);
        List<Path> spooled = new ArrayList<>();
        try {
            UploadForm form;
            try {
                form = UploadForm.read(reader, textParts, beforeFiles, (name, bytes) -> receiveFile(name, bytes, spooled));
            } catch (ProblemException e) {
                reader.drain();
                throw e;
            }
            return upload.apply(form);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            spooled.forEach(StreamedUploads::deleteQuietly);
        }
    }

    private IncomingFile receiveFile(String name, InputStream bytes, List<Path> spooled) throws IOException {
        if (ZipExtractor.isZipName(name)) {
            Files.createDirectories(spoolDir);
            Path local = Files.createTempFile(spoolDir, "upload-", ".zip");
            spooled.add(local);
            try (var out = Files.newOutputStream(local)) {
                bytes.transferTo(out);
            }
            return new IncomingFile(name, local);
        }
        PushbackInputStream content = new PushbackInputStream(bytes, 1);
        int first = content.read();
        if (first < 0) {
            return new IncomingFile(name, null, new BlobStore.Blob(EMPTY_SHA256, 0));
        }
        content.unread(first);
        return new IncomingFile(name, null, blobs.store(content, -1));
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("Could not delete %s: %s", file, e.getMessage());
        }
    }
}
