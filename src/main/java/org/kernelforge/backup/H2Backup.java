package org.kernelforge.backup;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The embedded default's H2 file database, with H2's own online backup ({@code BACKUP TO}: a zip of the database
 * file, transactionally consistent). A running server holds the file, so the tool asks the server for it
 * ({@code POST /api/admin/database-backup}, an admin's API key); with the server stopped it opens the file itself.
 * The blob references are read from the backed-up copy, so they name exactly what the backup holds.
 */
final class H2Backup implements DatabaseBackup {

    private static final String MV_DB = ".mv.db";

    private final BackupSettings settings;

    H2Backup(BackupSettings settings) {
        this.settings = settings;
    }

    @Override
    public String fileName() {
        return "database.h2.zip";
    }

    @Override
    public Map<String, String> dump(Path dir) throws Exception {
        Path zip = dir.resolve(fileName());
        if (!fromServer(zip)) {
            try (Connection connection = DriverManager.getConnection(settings.dbUrl(), settings.dbUser(), settings.dbPassword());
                 Statement s = connection.createStatement()) {
                s.execute("BACKUP TO '" + zip.toAbsolutePath().toString().replace("'", "''") + "'");
            } catch (SQLException e) {
                throw new BackupException("cannot open " + settings.dbUrl() + " (" + e.getMessage() + "). If the server"
                        + " is running, set KF_BACKUP_USER and KF_BACKUP_KEY (an admin's API key) and KF_PUBLIC_URL so"
                        + " that the server makes the backup", e);
            }
        }
        return referencesIn(zip);
    }

    /** Asks the running server for the backup; false when no server answers there (or no key is set). */
    private boolean fromServer(Path zip) throws IOException, InterruptedException {
        if (settings.adminUser() == null || settings.adminKey() == null) {
            return false;
        }
        String basic = Base64.getEncoder().encodeToString(
                (settings.adminUser() + ":" + settings.adminKey()).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(settings.publicUrl().replaceAll("/+$", "") + "/api/admin/database-backup"))
                .header("Authorization", "Basic " + basic).timeout(Duration.ofHours(2))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<Path> response;
        try {
            response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofFile(zip));
        } catch (ConnectException notRunning) {
            return false;
        }
        if (response.statusCode() != 200) {
            String answer = Files.readString(zip);
            Files.delete(zip);
            throw new BackupException("the server at " + settings.publicUrl() + " answered " + response.statusCode()
                    + " to the backup request: " + answer, null);
        }
        return true;
    }

    private Map<String, String> referencesIn(Path zip) throws Exception {
        Path copy = Files.createTempDirectory("kernelforge-h2-backup");
        try {
            String name = extract(zip, copy.resolve("db" + MV_DB));
            try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + copy.resolve("db").toAbsolutePath()
                    + ";ACCESS_MODE_DATA=r", settings.dbUser(), settings.dbPassword())) {
                return BlobReferences.objects(connection);
            } catch (SQLException e) {
                throw new BackupException("the backup's database " + name + " cannot be read: " + e.getMessage(), e);
            }
        } finally {
            org.kernelforge.platform.FileTrees.deleteTree(copy);
        }
    }

    @Override
    public void requireEmptyTarget() {
        Path target = target();
        if (Files.exists(target)) {
            throw new BackupException("the database file " + target + " already exists; restore into a new data"
                    + " directory (KF_DATA_DIR) or a new KF_DB_URL", null);
        }
    }

    @Override
    public void restore(Path dir) throws Exception {
        requireEmptyTarget();
        Path target = target();
        Files.createDirectories(target.getParent());
        extract(dir.resolve(fileName()), target);
    }

    private Path target() {
        return Path.of(databasePath() + MV_DB).toAbsolutePath();
    }

    /** The file path of the database in the JDBC URL, without H2's ".mv.db" and without the settings after ';'. */
    private String databasePath() {
        String rest = settings.dbUrl().substring("jdbc:h2:".length());
        rest = rest.startsWith("file:") ? rest.substring("file:".length()) : rest;
        if (rest.startsWith("mem:") || rest.startsWith("tcp:") || rest.startsWith("ssl:")) {
            throw new BackupException("only an H2 file database can be restored, not " + settings.dbUrl(), null);
        }
        int semicolon = rest.indexOf(';');
        return semicolon < 0 ? rest : rest.substring(0, semicolon);
    }

    /** Writes the database file of H2's backup zip to the target; answers its name in the zip. */
    private static String extract(Path zip, Path target) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                if (entry.getName().endsWith(MV_DB)) {
                    Files.copy((InputStream) in, target);
                    return entry.getName();
                }
            }
        }
        throw new BackupException(zip + " holds no H2 database file (*" + MV_DB + ")", null);
    }
}
