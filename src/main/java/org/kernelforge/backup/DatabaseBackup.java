package org.kernelforge.backup;

import java.nio.file.Path;
import java.util.Map;

/** The database half of a backup: one consistent dump, and the objects that dump names. */
interface DatabaseBackup {

    /** Writes the dump into the folder; answers the objects it names (key to sha256), read from the same snapshot. */
    Map<String, String> dump(Path dir) throws Exception;

    /** Fails unless the configured database is empty (checked before anything is restored). */
    void requireEmptyTarget() throws Exception;

    /** Loads the folder's dump into the configured database, which must be empty. */
    void restore(Path dir) throws Exception;

    /** The dump's file name in the folder. */
    String fileName();

    static DatabaseBackup of(BackupSettings settings) {
        return settings.isPostgres() ? new PostgresBackup(settings) : new H2Backup(settings);
    }
}
