package org.kernelforge.kaggle;

import io.quarkus.vertx.http.Uncompressed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.kernelforge.kernels.KernelOutputs;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.storage.FileResponses;

/** Serves the signed links of {@link SignedUrls}: the signature is the permission, so no login is asked. */
@Path(SignedUrls.OUTPUTS)
public class SignedOutputResource {

    private final SignedUrls signed;
    private final KernelOutputs outputs;
    private final FileResponses files;

    SignedOutputResource(SignedUrls signed, KernelOutputs outputs, FileResponses files) {
        this.signed = signed;
        this.outputs = outputs;
        this.files = files;
    }

    @GET
    @Path("/{versionId}/{path: .+}")
    @Uncompressed
    public Response file(@PathParam("versionId") long versionId, @PathParam("path") String path,
                         @QueryParam("expires") Long expires, @QueryParam("signature") String signature,
                         @HeaderParam("Range") String range, @HeaderParam("If-None-Match") String ifNoneMatch,
                         @HeaderParam("If-Range") String ifRange) {
        if (!signed.valid(versionId, path, expires, signature)) {
            throw ProblemException.forbidden("This output link is not valid or has expired (links last "
                    + SignedUrls.VALIDITY.toMinutes() + " minutes); ask for the kernel's output again");
        }
        return files.file(outputs.outputFile(versionId, path)
                .orElseThrow(() -> ProblemException.notFound("There is no output file '" + path + "'")),
                outputs.outputsTime(versionId), range, ifNoneMatch, ifRange);
    }
}
