package org.kernelforge.competitions;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.kernelforge.competitions.CompetitionViews.HiddenDataInfo;

import java.io.InputStream;

/** A code competition's hidden data, and its reruns' logs: for organizers only, 404 to everyone else. */
@Path("/api/competitions/{slug}")
public class CodeCompetitionResource {

    private final HiddenData hidden;
    private final CodeCompetitionReads reads;

    CodeCompetitionResource(HiddenData hidden, CodeCompetitionReads reads) {
        this.hidden = hidden;
        this.reads = reads;
    }

    /** A zip whose files replace the public data's files of the same paths during scoring reruns. */
    @PUT
    @Path("/hidden-data")
    @Consumes({"application/zip", MediaType.APPLICATION_OCTET_STREAM})
    public Response putHiddenData(@PathParam("slug") String slug, InputStream body) {
        hidden.upload(slug, body);
        return Response.noContent().build();
    }

    /** The hidden data's file names and sizes. */
    @GET
    @Path("/hidden-data")
    @Produces(MediaType.APPLICATION_JSON)
    public HiddenDataInfo hiddenData(@PathParam("slug") String slug) {
        return reads.hiddenData(slug);
    }

    /** The log of a code submission's rerun, by the submission's id. */
    @GET
    @Path("/reruns/{id}/log")
    @Produces(MediaType.TEXT_PLAIN)
    public String rerunLog(@PathParam("slug") String slug, @PathParam("id") long id) {
        return reads.rerunLog(slug, id);
    }
}
