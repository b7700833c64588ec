package org.kernelforge.faults;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A PostgreSQL 15 cluster of the test's own (initdb and pg_ctl as the postgres user, a free loopback port, its own
 * folder), so that a test can restart the database under a server without touching the shared one.
 */
public class OwnPostgres implements QuarkusTestResourceLifecycleManager {

    private static final String BIN = "/usr/lib/postgresql/15/bin/";
    private static final String DIR = "test-faults.pg.dir";
    private static final String PORT = "test-faults.pg.port";

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("kernelforge-own-pg");
            int port = OwnObjectStore.freePort();
            System.setProperty(DIR, dir.toString());
            System.setProperty(PORT, String.valueOf(port));
            run(List.of("chown", "postgres:postgres", dir.toString()));
            asPostgres(BIN + "initdb", "-D", dir.resolve("data").toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8");
            startAgain();
            asPostgres(BIN + "psql", "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", "postgres", "-v", "ON_ERROR_STOP=1",
                    "-c", "create role kernelforge login password 'kernelforge'",
                    "-c", "create database kernelforge_faults owner kernelforge");
            return Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + port + "/kernelforge_faults");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        try {
            asPostgres(BIN + "pg_ctl", "-D", dataDir(), "-m", "immediate", "stop");
        } catch (RuntimeException ignored) {
            // already stopped
        }
        try {
            org.kernelforge.platform.FileTrees.deleteTree(Path.of(System.getProperty(DIR)));
        } catch (IOException ignored) {
            // a temporary folder
        }
    }

    /** Stops the database the way an operator restarting it does (fast shutdown: sessions are cut). */
    static void stopDatabase() {
        asPostgres(BIN + "pg_ctl", "-D", dataDir(), "-m", "fast", "-w", "stop");
    }

    static void startAgain() {
        String dir = System.getProperty(DIR);
        asPostgres(BIN + "pg_ctl", "-D", dataDir(), "-w", "-l", dir + "/postgres.log",
                "-o", "-p " + System.getProperty(PORT) + " -k " + dir + " -c listen_addresses=127.0.0.1", "start");
    }

    private static String dataDir() {
        return System.getProperty(DIR) + "/data";
    }

    private static void asPostgres(String... command) {
        List<String> full = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        full.addAll(List.of(command));
        run(full);
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
