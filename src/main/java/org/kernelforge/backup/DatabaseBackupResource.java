package org.kernelforge.backup;

import io.agroal.api.AgroalDataSource;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.identity.Role;
import org.kernelforge.platform.PlatformConfig;
import org.kernelforge.platform.ProblemException;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The embedded H2 database's online backup, made by the server that holds the database file open (admins only;
 * {@code deploy/backup.sh} calls it). PostgreSQL is backed up with pg_dump instead.
 */
@Path("/api/admin/database-backup")
public class DatabaseBackupResource {

    private final CurrentUser currentUser;
    private final AgroalDataSource dataSource;
    private final PlatformConfig platform;

    public DatabaseBackupResource(CurrentUser currentUser, AgroalDataSource dataSource, PlatformConfig platform) {
        this.currentUser = currentUser;
        this.dataSource = dataSource;
        this.platform = platform;
    }

    @POST
    @Produces("application/zip")
    public Response backup() throws SQLException, IOException {
        currentUser.requireRole(Role.ADMIN);
        java.nio.file.Path dir = Files.createDirectories(platform.dataDir().resolve("tmp").toAbsolutePath());
        java.nio.file.Path zip = dir.resolve("database-backup-" + java.util.UUID.randomUUID() + ".zip");
        try (Connection connection = dataSource.getConnection(); Statement s = connection.createStatement()) {
            if (!"H2".equals(connection.getMetaData().getDatabaseProductName())) {
                throw ProblemException.conflict(null, "This server's database is "
                        + connection.getMetaData().getDatabaseProductName() + ": back it up with pg_dump (deploy/backup.sh does)");
            }
            s.execute("BACKUP TO '" + zip.toString().replace("'", "''") + "'");
        }
        StreamingOutput body = out -> {
            try {
                Files.copy(zip, out);
            } finally {
                Files.deleteIfExists(zip);
            }
        };
        return Response.ok(body).header("Content-Disposition", "attachment; filename=\"database.h2.zip\"").build();
    }
}
