package org.kernelforge.storage;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Where the S3-API object store is (S3Proxy embedded, MinIO in production). */
@ConfigMapping(prefix = "kernelforge.storage")
public interface StorageConfig {

    /** Endpoint URL of the S3 API, e.g. http://127.0.0.1:9000. */
    String endpoint();

    /** Access key of the object store. */
    String accessKey();

    /** Secret key of the object store. */
    String secretKey();

    /** Bucket that holds every object of this platform; created at start when missing. */
    String bucket();

    /** Region reported to the S3 API. */
    String region();

    /** Part size of multipart uploads in bytes. */
    @WithDefault("67108864")
    long partSize();

    /**
     * Files of a run's output smaller than this many bytes are stored several to an object (a pack) rather than one
     * object each: one PUT for thousands of small files. 0 stores every file as an object of its own.
     */
    @WithDefault("65536")
    long packFilesBelow();

    /** Most bytes in one pack object. */
    @WithDefault("67108864")
    long packMaxBytes();

    /** Most bytes of blobs kept on this server's disk for kernel inputs and fast downloads (0: no cache for uploads). */
    @WithDefault("10737418240")
    long cacheMaxBytes();

    /**
     * Most memory that uploads on their way to the object store hold in part buffers, all of them together (16 MiB a
     * part; an upload holds one to three).
     */
    @WithDefault("128M")
    MemorySize uploadBufferBytes();

    /** How long an upload waits for part memory when the budget is used up, before it is answered 503 with Retry-After. */
    @WithDefault("PT30S")
    Duration uploadBufferWait();
}
