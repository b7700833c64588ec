package org.kernelforge.kaggle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.uploads.BlobUploads;

/**
 * Kaggle's {@code blobs.BlobApiService}: a raw upload of the platform's {@code uploads} feature. The client then PUTs
 * the bytes to {@code createUrl} (built from the configured public URL) without credentials.
 */
@Path("/api/v1/blobs.BlobApiService")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class BlobsApi {

    /** {@code type} (DATASET, ...) and {@code lastModifiedEpochSeconds} are accepted and not needed. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record StartBlobUpload(String type, String name, Long contentLength, Long lastModifiedEpochSeconds) {
    }

    private final CurrentUser current;
    private final BlobUploads uploads;

    BlobsApi(CurrentUser current, BlobUploads uploads) {
        this.current = current;
        this.uploads = uploads;
    }

    @POST
    @Path("/StartBlobUpload")
    public BlobUploads.Started start(StartBlobUpload request) {
        var caller = current.require();
        return request == null ? uploads.start(caller, null, null) : uploads.start(caller, request.name(), request.contentLength());
    }
}
