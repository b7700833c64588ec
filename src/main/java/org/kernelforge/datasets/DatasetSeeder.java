package org.kernelforge.datasets;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.kernelforge.identity.Account;
import org.kernelforge.identity.Accounts;
import org.kernelforge.identity.InitialAdmin;
import org.kernelforge.platform.ProblemException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Loads every folder of the seed directory (dataset-metadata.json plus data files; README.md files are not
 * data) as a public dataset of the admin, slug = folder name, through the same upload path as the API.
 * Idempotent: a slug the admin already has is skipped.
 */
@ApplicationScoped
public class DatasetSeeder {

    public static final String METADATA = "dataset-metadata.json";
    private static final Logger LOG = Logger.getLogger(DatasetSeeder.class);

    private final DatasetsConfig config;
    private final DatasetUploads uploads;
    private final ObjectMapper json;
    private final Accounts accounts;

    public DatasetSeeder(DatasetsConfig config, DatasetUploads uploads, ObjectMapper json, Accounts accounts) {
        this.accounts = accounts;
        this.config = config;
        this.uploads = uploads;
        this.json = json;
    }

    void onStart(@Observes @Priority(InitialAdmin.STARTUP_ORDER + 10) StartupEvent event) {
        if (config.seedEnabled()) {
            seed();
        }
    }

    /** Creates the seed datasets the admin does not have yet; returns how many were created. */
    public int seed() {
        Path dir = config.seedDir();
        Account admin = admin();
        if (admin == null || !Files.isDirectory(dir)) {
            LOG.infof("No dataset seed: %s", admin == null ? "there is no user '" + InitialAdmin.USERNAME + "'"
                    : dir.toAbsolutePath() + " is not a folder");
            return 0;
        }
        int created = 0;
        for (Path folder : folders(dir)) {
            String slug = folder.getFileName().toString();
            if (exists(admin, slug)) {
                continue;
            }
            try {
                DatasetMetadata metadata = DatasetMetadata.parse(Files.readString(folder.resolve(METADATA)), json)
                        .withRef(admin.username(), slug, false);
                uploads.create(admin, metadata, dataFiles(folder));
                created++;
                LOG.infof("Seeded dataset %s/%s from %s", admin.username(), slug, folder);
            } catch (ProblemException | IOException | UncheckedIOException e) {
                LOG.warnf("Skipped seed folder %s: %s", folder, e.getMessage());
            }
        }
        return created;
    }

    private Account admin() {
        return QuarkusTransaction.joiningExisting().call(() -> accounts.byUsername(InitialAdmin.USERNAME).orElse(null));
    }

    private static boolean exists(Account admin, String slug) {
        return QuarkusTransaction.joiningExisting().call(() -> Dataset.exists(admin.id(), slug));
    }

    private static List<Path> folders(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> Files.isRegularFile(p.resolve(METADATA))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<IncomingFile> dataFiles(Path folder) throws IOException {
        List<IncomingFile> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                String name = folder.relativize(file).toString().replace('\\', '/');
                String base = file.getFileName().toString().toLowerCase(Locale.ROOT);
                if (!base.equals(METADATA) && !base.equals("readme.md")) {
                    files.add(new IncomingFile(name, file));
                }
            }
        }
        return files;
    }
}
