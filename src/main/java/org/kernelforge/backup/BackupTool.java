package org.kernelforge.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code deploy/backup.sh DIR} and {@code deploy/restore.sh DIR}: the database and the objects it names, while the
 * server runs. Objects are content-addressed and never change, so the database is dumped first and then every
 * object the dump names is copied; objects written after the dump are not needed by it.
 */
public final class BackupTool {

    static final String MANIFEST = "backup.json";

    private BackupTool() {
    }

    public static void main(String[] args) {
        if (args.length != 2 || !(args[0].equals("backup") || args[0].equals("restore"))) {
            System.err.println("usage: BackupTool backup|restore DIR");
            System.exit(2);
        }
        try {
            BackupSettings settings = BackupSettings.fromEnvironment(System.getenv());
            Path dir = Path.of(args[1]).toAbsolutePath();
            if (args[0].equals("backup")) {
                backup(settings, dir);
            } else {
                restore(settings, dir);
            }
        } catch (BackupException e) {
            System.err.println("ERROR: " + e.getMessage());
            System.exit(1);
        } catch (Exception e) {
            System.err.println("ERROR: " + e);
            System.exit(1);
        }
    }

    static void backup(BackupSettings settings, Path dir) throws Exception {
        Files.createDirectories(dir);
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new BackupException(dir + " is not empty; back up into a new folder", null);
            }
        }
        DatabaseBackup database = DatabaseBackup.of(settings);
        Instant started = Instant.now();
        Map<String, String> objects = database.dump(dir);
        log("database dumped to " + database.fileName() + "; copying the " + objects.size() + " objects it names");
        long bytes = new BucketCopy(settings).download(objects, dir);
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", 1);
        manifest.put("startedAt", started.toString());
        manifest.put("finishedAt", Instant.now().toString());
        manifest.put("database", settings.isPostgres() ? "postgresql" : "h2");
        manifest.put("databaseFile", database.fileName());
        manifest.put("objects", objects.size());
        manifest.put("objectBytes", bytes);
        manifest.put("objectList", BucketCopy.LIST);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve(MANIFEST).toFile(), manifest);
        log("backup complete in " + dir + ": " + objects.size() + " objects, " + bytes + " bytes");
    }

    static void restore(BackupSettings settings, Path dir) throws Exception {
        if (!Files.exists(dir.resolve(MANIFEST))) {
            throw new BackupException(dir + " holds no " + MANIFEST + ": not a finished backup", null);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> manifest = new ObjectMapper().readValue(dir.resolve(MANIFEST).toFile(), Map.class);
        String kind = settings.isPostgres() ? "postgresql" : "h2";
        if (!kind.equals(manifest.get("database"))) {
            throw new BackupException("the backup holds a " + manifest.get("database") + " database but KF_DB_URL names a "
                    + kind + " one", null);
        }
        DatabaseBackup database = DatabaseBackup.of(settings);
        database.requireEmptyTarget();
        // objects first: a restored database never names an object that is not there yet
        long bytes = new BucketCopy(settings).upload(dir);
        log("objects restored into the bucket " + settings.s3Bucket() + " (" + bytes + " bytes)");
        database.restore(dir);
        log("database restored into " + settings.dbUrl());
    }

    private static void log(String message) {
        System.err.println("[backup] " + message);
    }
}
