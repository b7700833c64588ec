package org.kernelforge.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestQuery;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.kernelforge.datasets.DatasetViews.Created;
import org.kernelforge.datasets.DatasetViews.DatasetDetail;
import org.kernelforge.datasets.DatasetViews.DatasetSummary;
import org.kernelforge.identity.Account;
import org.kernelforge.platform.Page;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.platform.ProblemException;

import java.io.InputStream;
import java.net.URI;
import java.util.Set;

/** Datasets as JSON: create (multipart upload), new versions, list and search, metadata, PATCH, DELETE. */
@Path("/api/datasets")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetResource {

    private final CurrentUser current;
    private final DatasetQueries queries;
    private final DatasetService service;
    private final DatasetUploads uploads;
    private final StreamedUploads streamed;
    private final ObjectMapper json;

    public DatasetResource(CurrentUser current, DatasetQueries queries, DatasetService service, DatasetUploads uploads,
                           StreamedUploads streamed, ObjectMapper json) {
        this.current = current;
        this.streamed = streamed;
        this.queries = queries;
        this.service = service;
        this.uploads = uploads;
        this.json = json;
    }

    /**
     * Parts: 'metadata' (dataset-metadata.json) and one or more 'file' parts; .zip files are extracted. The body
     * is read as it arrives (not parsed ahead by Quarkus), so files are stored while they are received.
     */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RequestBody(content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
            schema = @Schema(type = SchemaType.OBJECT, description = "Parts 'metadata' and 'file' (repeatable)")))
    public Response create(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        Account caller = current.require();
        // metadata sent before the files (as clients do) is checked before any file is stored
        Created created = streamed.receive(contentType, body, Set.of("metadata"),
                early -> early.single("metadata").ifPresent(m -> service.draft(caller, DatasetMetadata.parse(m, json))),
                form -> {
                    String metadata = form.single("metadata").orElseThrow(() -> ProblemException.badRequest("metadata",
                            "The upload has no 'metadata' part; send the content of a dataset-metadata.json as a part named 'metadata'"));
                    return uploads.create(caller, DatasetMetadata.parse(metadata, json), form.files());
                });
        return Response.created(URI.create("/api/datasets/" + created.ref())).entity(created).build();
    }

    /** Parts: 'file' (new or replacing files), 'notes', 'remove' (repeatable paths to drop), 'dropPreviousFiles'. */
    @POST
    @Path("/{owner}/{slug}/versions")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RequestBody(content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
            schema = @Schema(type = SchemaType.OBJECT, description = "Parts 'file', 'notes', 'remove' (repeatable), "
                    + "'dropPreviousFiles'")))
    public Response addVersion(@PathParam("owner") String owner, @PathParam("slug") String slug,
                               @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        Dataset dataset = queries.writable(owner, slug);
        Account caller = current.require();
        Created created = streamed.receive(contentType, body, Set.of("notes", "remove", "dropPreviousFiles"), early -> {
        }, form -> {
            VersionChange change = new VersionChange(form.single("notes").orElse(null), form.flag("dropPreviousFiles"),
                    form.all("remove"));
            return uploads.addVersion(caller, dataset.id, change, form.files());
        });
        return Response.created(URI.create("/api/datasets/" + created.ref() + "/versions/" + created.version() + "/files"))
                .entity(created).build();
    }

    /**
     * JSON with the fields of a dataset-metadata.json and 'files': [{"token": ..., "name": optional}], naming raw
     * uploads (POST /api/blobs/uploads) of the caller; .zip files are extracted. The way for large files.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(allOf = {DatasetMetadata.class, UploadsRequest.Files.class})))
    public Response createFromUploads(JsonNode body) {
        Account caller = current.require();
        UploadsRequest request = UploadsRequest.read(body);
        DatasetMetadata metadata = DatasetMetadata.parse(request.fields().toString(), json);
        Created created = uploads.createFromUploads(caller, metadata, request.files());
        return Response.created(URI.create("/api/datasets/" + created.ref())).entity(created).build();
    }

    /**
     * JSON: 'files' (raw uploads as for creation), 'notes' (or Kaggle's 'versionNotes'), 'remove' (paths to drop),
     * 'dropPreviousFiles' (or Kaggle's 'deleteOldVersions').
     */
    @POST
    @Path("/{owner}/{slug}/versions")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = UploadsRequest.Change.class)))
    public Response addVersionFromUploads(@PathParam("owner") String owner, @PathParam("slug") String slug,
                                          JsonNode body) {
        Dataset dataset = queries.writable(owner, slug);
        UploadsRequest request = UploadsRequest.read(body);
        Created created = uploads.addVersionFromUploads(current.require(), dataset.id, request.change(), request.files());
        return Response.created(URI.create("/api/datasets/" + created.ref() + "/versions/" + created.version() + "/files"))
                .entity(created).build();
    }

    @GET
    public Page<DatasetSummary> list(@RestQuery String search, @RestQuery String owner, @RestQuery Integer page,
                                     @RestQuery Integer pageSize) {
        return queries.list(search, owner, page, pageSize);
    }

    @GET
    @Path("/{owner}/{slug}")
    public DatasetDetail get(@PathParam("owner") String owner, @PathParam("slug") String slug) {
        return queries.detail(owner, slug);
    }

    @PATCH
    @Path("/{owner}/{slug}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DatasetPatch.Fields.class)))
    public Response patch(@PathParam("owner") String owner, @PathParam("slug") String slug, JsonNode body) {
        Dataset dataset = queries.writable(owner, slug);
        service.patch(dataset.id, DatasetPatch.read(body, json));
        return Response.noContent().build();
    }

    @DELETE
    @Path("/{owner}/{slug}")
    public Response delete(@PathParam("owner") String owner, @PathParam("slug") String slug) {
        Dataset dataset = queries.writable(owner, slug);
        service.delete(dataset.id);
        return Response.noContent().build();
    }
}
