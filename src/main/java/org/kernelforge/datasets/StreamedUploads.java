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
 * complete. Archives wait on local disk as before, as they are extracted. Competitions' uploads take the same
 * path ({@link #read}) with a receiver of their own.
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
     * nothing is stored for it.
     */
    public <T> T receive(String contentType, InputStream body, Set<String> textParts, Consumer<UploadForm> beforeFiles,
                         Function<UploadForm, T> upload) {
        List<Path> spooled = new ArrayList<>();
        try {
            return upload.apply(read(contentType, body, textParts, beforeFiles, (name, bytes) -> receiveFile(name, bytes, spooled)));
        } finally {
            spooled.forEach(StreamedUploads::deleteQuietly);
        }
    }

    /**
     * The one multipart path of every upload: reads the form as it arrives, handing each 'file' part to
     * {@code files} while it is received. {@code beforeFiles} sees the text parts sent before the first file and
     * may refuse the upload before anything is stored. On a refused form the rest of the body is read before the
     * answer, as a client still sending would not see it otherwise.
     */
    public UploadForm read(String contentType, InputStream body, Set<String> textParts, Consumer<UploadForm> beforeFiles,
                           UploadForm.FileReceiver files) {
        String boundary = MultipartReader.boundary(contentType).orElseThrow(() -> ProblemException.badRequest("file",
                "Send the upload as multipart/form-data with a boundary"));
        MultipartReader reader = new MultipartReader(body, boundary);
        try {
            return UploadForm.read(reader, textParts, beforeFiles, files);
        } catch (RuntimeException e) {
            reader.drain();
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
