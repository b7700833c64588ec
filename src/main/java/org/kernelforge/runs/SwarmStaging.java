package org.kernelforge.runs;

import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.kernelforge.platform.Installation;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A swarm run's files in transit through the object store, under {@code staging/runs/<installation>/<run>/}: the
 * inputs and source as one tar the node fetches, the working and platform directories as tars the node puts back,
 * and the stager's result. The node gets URLs presigned for the host it reaches the store by; signing is offline.
 * The store is the one {@code storage} uses, reached with its own client ({@code runs} does not use {@code storage}).
 */
@ApplicationScoped
public class SwarmStaging {

    private static final Logger LOG = Logger.getLogger(SwarmStaging.class);
    static final String INPUT = "in.tar";
    static final String WORKING = "working.tar";
    static final String PLATFORM = "platform.tar";
    static final String RESULT = "result.json";
    /** Put by the engine to stop the run: the stager polls for it (a job's task cannot be signalled through the swarm). */
    static final String STOP = "stop.json";

    private final String endpoint;
    private final String accessKey;
    private final String secretKey;
    private final String bucket;
    private final String region;
    private final Installation installation;
    private volatile MinioClient server;

    public SwarmStaging(@ConfigProperty(name = "kernelforge.storage.endpoint") String endpoint,
                        @ConfigProperty(name = "kernelforge.storage.access-key") String accessKey,
                        @ConfigProperty(name = "kernelforge.storage.secret-key") String secretKey,
                        @ConfigProperty(name = "kernelforge.storage.bucket") String bucket,
                        @ConfigProperty(name = "kernelforge.storage.region") String region,
                        Installation installation) {
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.bucket = bucket;
        this.region = region;
        this.installation = installation;
    }

    /** The object key of one of a run's staged files. */
    String key(String runId, String file) {
        return "staging/runs/" + installation.id() + "/" + runId + "/" + file;
    }

    /**
     * Puts the run's inputs (at kaggle/input/NAME/...) and source (kaggle/src/...) as one tar, streamed from GNU tar
     * (names as raw bytes, links followed: inputs may be links into the server's caches). Returns its size.
     */
    long putInputs(RunSpec spec) throws IOException, InterruptedException {
        Path tree = Files.createTempDirectory("kf-stage-");
        try {
            Path inputs = Files.createDirectories(tree.resolve("kaggle/input"));
            for (InputMount input : spec.inputs()) {
                Files.createSymbolicLink(inputs.resolve(input.name()), input.hostDir());
            }
            List<String> members = new ArrayList<>(List.of("kaggle/input"));
            if (spec.sourceDir() != null) {
                Files.createSymbolicLink(tree.resolve("kaggle/src"), spec.sourceDir());
                members.add("kaggle/src");
            } else {
                Files.createDirectories(tree.resolve("kaggle/src"));
                members.add("kaggle/src");
            }
            List<String> command = new ArrayList<>(List.of("tar", "-c", "-h", "--numeric-owner", "--owner=0",
                    "--group=0", "-f", "-", "-C", tree.toString()));
            command.addAll(members);
            Process tar = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String key = key(spec.runId(), INPUT);
            CompletableFuture<Void> upload = CompletableFuture.runAsync(() -> {
                try (InputStream in = tar.getInputStream()) {
                    client().putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                            .stream(in, -1, 16L * 1024 * 1024).build());
                } catch (Exception e) {
                    tar.destroyForcibly();
                    throw new IllegalStateException(e);
                }
            });
            if (!tar.waitFor(1, TimeUnit.HOURS) || tar.exitValue() != 0) {
                upload.cancel(true);
                throw new IOException("the run's inputs could not be packed for the swarm (tar exited "
                        + (tar.isAlive() ? "late" : tar.exitValue()) + ")");
            }
            try {
                upload.join();
            } catch (RuntimeException e) {
                throw new IOException("the run's inputs could not be staged in the object store: " + rootMessage(e), e);
            }
            return size(key).orElseThrow(() -> new IOException("the staged inputs of run " + spec.runId() + " are missing"));
        } finally {
            try (var paths = Files.walk(tree)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete()); // links, not their targets
            }
        }
    }

    /** The URLs the stager uses (never in argv or the environment: the engine hands them over as a secret). */
    Map<String, String> presignedUrls(String runId, String nodeEndpoint, Duration validity) {
        MinioClient signer = MinioClient.builder().endpoint(nodeEndpoint).credentials(accessKey, secretKey)
                .region(region).build(); // region set: presigning asks the store nothing
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("input", presign(signer, Method.GET, key(runId, INPUT), validity));
        urls.put("working", presign(signer, Method.PUT, key(runId, WORKING), validity));
        urls.put("platform", presign(signer, Method.PUT, key(runId, PLATFORM), validity));
        urls.put("result", presign(signer, Method.PUT, key(runId, RESULT), validity));
        urls.put("stop", presign(signer, Method.GET, key(runId, STOP), validity));
        return urls;
    }

    Optional<Long> size(String key) {
        try {
            return Optional.of(client().statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()).size());
        } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code()) || "NoSuchObject".equals(e.errorResponse().code())) {
                return Optional.empty();
            }
            throw new IllegalStateException(e.getMessage(), e);
        } catch (Exception e) {
            throw new IllegalStateException("the object store failed: " + e.getMessage(), e);
        }
    }

    Optional<byte[]> read(String key, int maxBytes) {
        if (size(key).isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = client().getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return Optional.of(in.readNBytes(maxBytes));
        } catch (Exception e) {
            throw new IllegalStateException("the object store failed: " + e.getMessage(), e);
        }
    }

    /**
     * Unpacks a staged tar into {@code dir} with GNU tar: names as raw bytes, no owners or device files kept, no
     * member outside the directory. Returns false when the object is not there.
     */
    boolean unpack(String key, Path dir) throws IOException, InterruptedException {
        if (size(key).isEmpty()) {
            return false;
        }
        Process tar = new ProcessBuilder("tar", "-x", "--no-same-owner", "--no-same-permissions", "--no-overwrite-dir",
                "-f", "-", "-C", dir.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.PIPE).start();
        try (InputStream in = client().getObject(GetObjectArgs.builder().bucket(bucket).object(key).build());
             OutputStream out = tar.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            tar.destroyForcibly();
            throw e;
        } catch (Exception e) {
            tar.destroyForcibly();
            throw new IOException("the run's outputs could not be read from the object store: " + e.getMessage(), e);
        }
        String errors = new String(tar.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (tar.waitFor() != 0) {
            throw new IOException("the run's outputs could not be unpacked: " + errors.strip());
        }
        return true;
    }

    /** Asks the run's stager to stop the kernel (SIGTERM, the grace period, SIGKILL) and upload what it left. */
    void requestStop(String runId, String reason) {
        byte[] body = ("{\"reason\":\"" + reason + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try {
            client().putObject(PutObjectArgs.builder().bucket(bucket).object(key(runId, STOP))
                    .stream(new java.io.ByteArrayInputStream(body), body.length, -1).contentType("application/json").build());
        } catch (Exception e) {
            throw new IllegalStateException("could not ask the run's node to stop it: " + e.getMessage(), e);
        }
    }

    /** Removes every staged file of the run. */
    void delete(String runId) {
        for (String file : List.of(INPUT, WORKING, PLATFORM, RESULT, STOP)) {
            try {
                client().removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key(runId, file)).build());
            } catch (Exception e) {
                LOG.warnf("Could not remove the staged %s of run %s: %s", file, runId, e.getMessage());
            }
        }
    }

    private String presign(MinioClient signer, Method method, String key, Duration validity) {
        try {
            return signer.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(method)
                    .bucket(bucket).object(key).expiry((int) validity.toSeconds()).build());
        } catch (Exception e) {
            throw new IllegalStateException("could not presign a staging URL: " + e.getMessage(), e);
        }
    }

    private MinioClient client() {
        MinioClient c = server;
        if (c == null) {
            c = MinioClient.builder().endpoint(endpoint).credentials(accessKey, secretKey).region(region).build();
            server = c;
        }
        return c;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
