package org.kernelforge.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import io.minio.messages.Part;
import com.google.common.collect.HashMultimap;
import com.google.common.collect.Multimap;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import okhttp3.OkHttpClient;
import org.jboss.logging.Logger;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The platform's one bucket in the S3-API object store. Streams only: nothing is buffered whole. */
@Startup
@ApplicationScoped
public class ObjectStore {

    private static final Logger LOG = Logger.getLogger(ObjectStore.class);

    private final StorageConfig config;
    private MinioClient client;
    /** The same store through the SDK's lower-level calls, for uploads sent in parts by {@link PartedUpload}. */
    private MinioAsyncClient asyncClient;

    public ObjectStore(StorageConfig config) {
        this.config = config;
    }

    @PostConstruct
    void connect() {
        OkHttpClient http = StoreConnections.newClient();
        client = MinioClient.builder()
                .httpClient(http)
                .endpoint(config.endpoint())
                .credentials(config.accessKey(), config.secretKey())
                .region(config.region())
                .build();
        asyncClient = MinioAsyncClient.builder()
                .httpClient(http)
                .endpoint(config.endpoint())
                .credentials(config.accessKey(), config.secretKey())
                .region(config.region())
                .build();
        try {
            ensureBucket();
        } catch (StorageException e) {
            // readiness reports it; the server still starts so an operator can see what is wrong
            LOG.errorf("Object store at %s is not reachable yet: %s", config.endpoint(), e.getMessage());
        }
    }

    public void ensureBucket() {
        call(() -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(config.bucket()).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(config.bucket()).region(config.region()).build());
                LOG.infof("Created bucket %s", config.bucket());
            }
            return null;
        });
    }

    /** Stores a stream of known length (or -1 for unknown, sent in parts). */
    public void put(String key, InputStream in, long size, String contentType) {
        call(() -> client.putObject(PutObjectArgs.builder()
                .bucket(config.bucket()).object(key)
                .stream(in, size, size >= 0 && size < config.partSize() ? -1 : config.partSize())
                .contentType(contentType == null ? "application/octet-stream" : contentType)
                .build()));
    }

    /** Starts a multipart upload to the key; answers its id for {@link #sendPart} and {@link #finishParts}. */
    public String startParts(String key) {
        return call(() -> asyncClient.createMultipartUploadAsync(config.bucket(), config.region(), key,
                contentType("application/octet-stream"), null).get().result().uploadId());
    }

    /** Sends one part (numbered from 1) of a multipart upload; the answer goes to {@link #finishParts}. */
    public Part sendPart(String key, String uploadId, int number, byte[] bytes, int length) {
        return call(() -> new Part(number, asyncClient.uploadPartAsync(config.bucket(), config.region(), key, bytes,
                length, uploadId, number, null, null).get().etag()));
    }

    /** Makes the object of the sent parts, in their order. */
    public void finishParts(String key, String uploadId, List<Part> parts) {
        call(() -> asyncClient.completeMultipartUploadAsync(config.bucket(), config.region(), key, uploadId,
                parts.toArray(Part[]::new), null, null).get());
    }

    /** Drops a multipart upload and the parts sent so far. */
    public void abortParts(String key, String uploadId) {
        call(() -> asyncClient.abortMultipartUploadAsync(config.bucket(), config.region(), key, uploadId, null, null).get());
    }

    private static Multimap<String, String> contentType(String type) {
        Multimap<String, String> headers = HashMultimap.create();
        headers.put("Content-Type", type);
        return headers;
    }

    public boolean exists(String key) {
        return stat(key).isPresent();
    }

    /** Size of the object, or empty when there is none. */
    public Optional<Long> stat(String key) {
        return call(() -> {
            try {
                return Optional.of(client.statObject(StatObjectArgs.builder().bucket(config.bucket()).object(key).build()).size());
            } catch (ErrorResponseException e) {
                if ("NoSuchKey".equals(e.errorResponse().code()) || "NoSuchObject".equals(e.errorResponse().code())) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    public InputStream open(String key) {
        return call(() -> client.getObject(GetObjectArgs.builder().bucket(config.bucket()).object(key).build()));
    }

    public InputStream openRange(String key, long offset, long length) {
        return call(() -> client.getObject(GetObjectArgs.builder().bucket(config.bucket()).object(key)
                .offset(offset).length(length).build()));
    }

    public void remove(String key) {
        call(() -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(config.bucket()).object(key).build());
            return null;
        });
    }

    public List<String> list(String prefix) {
        return call(() -> {
            List<String> keys = new ArrayList<>();
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(config.bucket()).prefix(prefix).recursive(true).build())) {
                keys.add(r.get().objectName());
            }
            return keys;
        });
    }

    private interface StorageCall<T> {
        T run() throws Exception;
    }

    private <T> T call(StorageCall<T> call) {
        try {
            return call.run();
        } catch (StorageException e) {
            throw e;
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new StorageException("Object store " + config.endpoint() + " failed: " + cause.getMessage(), cause);
        } catch (Exception e) {
            throw new StorageException("Object store " + config.endpoint() + " failed: " + e.getMessage(), e);
        }
    }
}
