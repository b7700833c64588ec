package org.kernelforge.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Runs a database tool (pg_dump, pg_restore) and fails with what it printed when it fails. */
final class Commands {

    private Commands() {
    }

    static void run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new BackupException(command.get(0) + " is not installed (Debian: apt-get install postgresql-client)", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        if (exit != 0) {
            throw new BackupException(command.get(0) + " failed (exit " + exit + "): " + output.strip(), null);
        }
    }
}
