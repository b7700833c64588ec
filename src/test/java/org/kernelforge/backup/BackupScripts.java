package org.kernelforge.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs deploy/backup.sh and deploy/restore.sh as an operator would, with the test's classes as the tool. */
final class BackupScripts {

    private BackupScripts() {
    }

    record Outcome(int exit, String output) {
    }

    static String run(String script, Path dir, Map<String, String> env) throws IOException, InterruptedException {
        Outcome outcome = attempt(script, dir, env);
        assertEquals(0, outcome.exit(), script + " failed:\n" + outcome.output());
        return outcome.output();
    }

    static Outcome attempt(String script, Path dir, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "deploy/" + script, dir.toAbsolutePath().toString())
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("KF_") && !name.startsWith("KF_TEST_"));
        builder.environment().putAll(env);
        builder.environment().put("KF_BACKUP_CLASSPATH", System.getProperty("java.class.path"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), script + " did not finish");
        return new Outcome(process.exitValue(), output);
    }

    static Map<String, String> s3(String bucket) {
        return Map.of("KF_S3_ENDPOINT", System.getenv().getOrDefault("KF_TEST_S3_ENDPOINT", "http://127.0.0.1:9100"),
                "KF_S3_ACCESS_KEY", "kernelforge-test",
                "KF_S3_SECRET_KEY", "kernelforge-test-secret",
                "KF_S3_BUCKET", bucket);
    }

    /** The tables whose rows make the platform: they must come back identical. */
    static final List<String> MAIN_TABLES = List.of("users", "datasets", "dataset_versions", "dataset_files",
            "kernels", "kernel_versions", "kernel_version_inputs", "kernel_version_outputs", "competitions",
            "competition_solutions", "competition_entrants", "team_members", "team_invitations", "submissions",
            "submission_scores", "blob_locations",
            "flyway_schema_history");
}
