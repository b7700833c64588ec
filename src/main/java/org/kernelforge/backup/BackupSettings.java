package org.kernelforge.backup;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the backup tool connects to, read from the same environment variables the server reads (KF_DB_URL,
 * KF_S3_ENDPOINT, ...), with the server's defaults; deploy/lib/backup.sh fills in the embedded default's S3Proxy
 * credentials as deploy/run.sh does.
 */
record BackupSettings(String dbUrl, String dbUser, String dbPassword,
                      String s3Endpoint, String s3AccessKey, String s3SecretKey, String s3Bucket, String s3Region,
                      String publicUrl, String adminUser, String adminKey) {

    static BackupSettings fromEnvironment(Map<String, String> env) {
        Path dataDir = Path.of(env.getOrDefault("KF_DATA_DIR", "data")).toAbsolutePath();
        String h2 = "jdbc:h2:file:" + dataDir.resolve("db").resolve("kernelforge") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
        return new BackupSettings(
                value(env, "KF_DB_URL", h2),
                value(env, "KF_DB_USER", "kernelforge"),
                value(env, "KF_DB_PASSWORD", "kernelforge"),
                value(env, "KF_S3_ENDPOINT", "http://127.0.0.1:9000"),
                value(env, "KF_S3_ACCESS_KEY", "kernelforge"),
                value(env, "KF_S3_SECRET_KEY", "kernelforge-secret"),
                value(env, "KF_S3_BUCKET", "kernelforge"),
                value(env, "KF_S3_REGION", "us-east-1"),
                value(env, "KF_PUBLIC_URL", "http://localhost:8080"),
                env.get("KF_BACKUP_USER"),
                env.get("KF_BACKUP_KEY"));
    }

    private static String value(Map<String, String> env, String name, String fallback) {
        String v = env.get(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    boolean isPostgres() {
        return dbUrl.startsWith("jdbc:postgresql:");
    }
}
