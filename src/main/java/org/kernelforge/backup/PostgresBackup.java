package org.kernelforge.backup;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL with its own tools: {@code pg_dump} in the custom format, restored with {@code pg_restore}. The dump
 * reads a snapshot this tool exports and holds open, and the blob references are read in that same snapshot, so
 * that they name exactly what the dump holds whatever the server writes meanwhile.
 */
final class PostgresBackup implements DatabaseBackup {

    private final BackupSettings settings;

    PostgresBackup(BackupSettings settings) {
        this.settings = settings;
    }

    @Override
    public String fileName() {
        return "database.pgdump";
    }

    @Override
    public Map<String, String> dump(Path dir) throws Exception {
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            String snapshot;
            try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("select pg_export_snapshot()")) {
                r.next();
                snapshot = r.getString(1);
            }
            Commands.run(List.of("pg_dump", "--format=custom", "--snapshot=" + snapshot,
                    "--file=" + dir.resolve(fileName()), "--dbname=" + libpqUri()), libpqEnv());
            Map<String, String> objects = BlobReferences.objects(connection);
            connection.rollback();
            return objects;
        }
    }

    @Override
    public void requireEmptyTarget() throws Exception {
        try (Connection connection = connect(); Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("select count(*) from information_schema.tables where table_schema = current_schema()")) {
            r.next();
            if (r.getLong(1) > 0) {
                throw new BackupException("the database " + settings.dbUrl() + " already has tables; restore into an"
                        + " empty database (createdb -O " + settings.dbUser() + " NAME)", null);
            }
        }
    }

    @Override
    public void restore(Path dir) throws Exception {
        requireEmptyTarget();
        Commands.run(List.of("pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                "--dbname=" + libpqUri(), dir.resolve(fileName()).toString()), libpqEnv());
    }

    private Connection connect() throws Exception {
        return DriverManager.getConnection(settings.dbUrl(), settings.dbUser(), settings.dbPassword());
    }

    /** The JDBC URL's host, port and database as a libpq URI (the password goes in the environment). */
    private String libpqUri() {
        URI uri = URI.create(settings.dbUrl().substring("jdbc:".length()));
        String host = uri.getHost() == null ? "localhost" : uri.getHost();
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        return "postgresql://" + host + ":" + port + uri.getPath();
    }

    private Map<String, String> libpqEnv() {
        return Map.of("PGUSER", settings.dbUser(), "PGPASSWORD", settings.dbPassword());
    }
}
