package org.kernelforge.kaggle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.kernelforge.kernels.VersionArtifacts;
import org.kernelforge.platform.ReplicaStreams;

/**
 * {@code kaggle kernels logs --follow}: the latest version's log as Server-Sent Events, one
 * {@code {"stream_name","time","data"}} per line, then {@code END_OF_LOG} when the version has finished.
 */
@Path("/api/v1/kernels/logs/stream")
public class LogStreamResource {

    static final String END = "END_OF_LOG";

    private final VersionArtifacts artifacts;
    private final ObjectMapper json;

    LogStreamResource(VersionArtifacts artifacts, ObjectMapper json) {
        this.artifacts = artifacts;
        this.json = json;
    }

    @GET
    @Path("/{owner}/{slug}")
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    public Multi<String> follow(@PathParam("owner") String owner, @PathParam("slug") String slug, @Context HttpHeaders headers) {
        return artifacts.followLog(owner, slug, "latest", ReplicaStreams.Caller.of(headers)).map(this::line)
                .onCompletion().continueWith(END);
    }

    private String line(Object entry) {
        try {
            return json.writeValueAsString(entry);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
