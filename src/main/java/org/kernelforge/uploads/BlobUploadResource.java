package org.kernelforge.uploads;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.kernelforge.identity.CurrentUser;

import java.io.InputStream;
import java.net.URI;

/**
 * Kaggle's blob upload protocol: POST announces a file and answers a token and the URL to PUT its raw bytes to;
 * the PUT needs no login (the token is the capability). A dataset create or new version then names the token.
 */
@Path("/api/blobs/uploads")
@Produces(MediaType.APPLICATION_JSON)
public class BlobUploadResource {

    /** What the client announces; {@code type} and {@code lastModifiedEpochSeconds} are accepted and ignored. */
    public record StartRequest(String name, Long contentLength, String type, Long lastModifiedEpochSeconds) {
    }

    /** What the PUT answers: the announced name, its size and the sha256 of the bytes (null for archives). */
    public record Received(String name, long size, String sha256) {
    }

    private final CurrentUser current;
    private final BlobUploads uploads;

    public BlobUploadResource(CurrentUser current, BlobUploads uploads) {
        this.current = current;
        this.uploads = uploads;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(StartRequest request) {
        var caller = current.require();
        BlobUploads.Started started = request == null ? uploads.start(caller, null, null)
                : uploads.start(caller, request.name(), request.contentLength());
        return Response.created(URI.create(started.createUrl())).entity(started).build();
    }

    /** The raw bytes, streamed to the blob store as they arrive (never buffered whole). */
    @PUT
    @Path("/{token}")
    @Consumes(MediaType.WILDCARD)
    public Received receive(@PathParam("token") String token, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length,
                            InputStream body) {
        BlobUploads.Claimed stored = uploads.receive(token, length, body);
        return new Received(stored.name(), stored.size(), stored.sha256());
    }
}
