package org.kernelforge.kaggle;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.kernelforge.platform.PlatformConfig;
import org.kernelforge.storage.FileResponses;
import org.kernelforge.storage.StoredFile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Zip downloads with a {@code Content-Length}, which Kaggle's client uses to check what it received: the platform's
 * streamed archive is written to a local file first, then sent from it (the file goes when the response is closed).
 */
@ApplicationScoped
public class Archives {

    static final String PATH = "/api/v1/archives";

    private final FileResponses files;
    private final Path spool;

    Archives(FileResponses files, PlatformConfig platform) {
        this.files = files;
        this.spool = platform.dataDir().resolve("tmp").resolve("kaggle-archives");
    }

    Response zip(String fileName, Instant createdAt, List<StoredFile> content) {
        Response streamed = files.zip(fileName, createdAt, content);
        try {
            Files.createDirectories(spool);
            Path local = Files.createTempFile(spool, "archive-", ".zip");
            try (OutputStream out = Files.newOutputStream(local)) {
                ((StreamingOutput) streamed.getEntity()).write(out);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(local);
                throw e;
            }
            long size = Files.size(local);
            InputStream body = Files.newInputStream(local, StandardOpenOption.DELETE_ON_CLOSE);
            return sized(body, size, fileName, createdAt);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One text file in a zip archive, made in memory (a leaderboard), as it was at {@code madeAt}. */
    Response single(String entryName, String text, Instant madeAt) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            ZipEntry entry = new ZipEntry(entryName);
            entry.setTime(madeAt.toEpochMilli());
            zip.putNextEntry(entry);
            zip.write(text.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sized(bytes.toByteArray(), bytes.size(), entryName.replaceAll("\\.csv$", "") + ".zip", madeAt);
    }

    private static Response sized(Object body, long size, String fileName, Instant lastModified) {
        return Response.ok(body, "application/zip")
                .header(HttpHeaders.CONTENT_LENGTH, size)
                .header(HttpHeaders.LAST_MODIFIED, FileResponses.httpDate(lastModified))
                .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
                .build();
    }
}
