package org.kernelforge.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.kernelforge.platform.PlatformConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * On the first start, creates the admin account and writes its credentials to
 * {@code <data dir>/initial-admin.json}, readable by the owner only.
 */
@ApplicationScoped
public class InitialAdmin {

    public static final String USERNAME = "admin";
    /** Runs before anything that needs an owner, such as the dataset seed. */
    public static final int STARTUP_ORDER = 10;

    private static final Logger LOG = Logger.getLogger(InitialAdmin.class);

    private final AccountsConfig accountsConfig;
    private final PlatformConfig platform;
    private final AccountService accounts;
    private final ApiKeyService keys;
    private final ObjectMapper json;

    public InitialAdmin(AccountsConfig accountsConfig, PlatformConfig platform, AccountService accounts,
                        ApiKeyService keys, ObjectMapper json) {
        this.accountsConfig = accountsConfig;
        this.platform = platform;
        this.accounts = accounts;
        this.keys = keys;
        this.json = json;
    }

    void onStart(@Observes @Priority(STARTUP_ORDER) StartupEvent event) {
        if (accountsConfig.createInitialAdmin() && User.findByUsername(USERNAME).isEmpty() && !User.anyAdmin()) {
            create();
        }
    }

    private void create() {
        String password = Secrets.newToken().substring(0, 24);
        User admin = accounts.createLocal(USERNAME, password, null, EnumSet.of(Role.ADMIN, Role.ORGANIZER));
        ApiKeyService.IssuedKey key = keys.create(admin);
        Map<String, String> credentials = new LinkedHashMap<>();
        credentials.put("username", admin.username);
        credentials.put("password", password);
        credentials.put("key", key.key());
        Path file = platform.dataDir().resolve("initial-admin.json").toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(credentials),
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
        LOG.infof("Created the admin account; its password and API key are in %s", file);
    }
}
