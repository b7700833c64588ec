package org.kernelforge.backup;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.nio.file.Path;
import java.util.Map;

/** The embedded default's H2 file database, in a data dir of its own. */
public class H2BackupProfile implements QuarkusTestProfile {

    static final Path DATA_DIR = Path.of("target", "h2-backup-" + ProcessHandle.current().pid()).toAbsolutePath();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.datasource.db-kind", "h2",
                "quarkus.datasource.jdbc.url", "jdbc:h2:file:" + DATA_DIR.resolve("db/kernelforge") + ";DB_CLOSE_ON_EXIT=FALSE",
                "quarkus.datasource.username", "kernelforge",
                "quarkus.datasource.password", "kernelforge",
                "kernelforge.data-dir", DATA_DIR.toString());
    }
}
