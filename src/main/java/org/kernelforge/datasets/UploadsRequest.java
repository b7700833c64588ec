package org.kernelforge.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.uploads.BlobUploads;

import java.util.ArrayList;
import java.util.List;

/** A JSON dataset create or new version naming raw uploads: 'files' and the other fields, as sent. */
record UploadsRequest(ObjectNode fields, List<BlobUploads.Ref> files) {

    /** The raw uploads a JSON create or new version names, for the OpenAPI document. */
    @Schema(name = "DatasetUploadFiles")
    record Files(List<BlobUploads.Ref> files) {
    }

    /** A JSON new version, for the OpenAPI document (Kaggle's 'versionNotes' and 'deleteOldVersions' work too). */
    @Schema(name = "DatasetVersionFromUploads")
    record Change(List<BlobUploads.Ref> files, String notes, List<String> remove, Boolean dropPreviousFiles) {
    }

    static UploadsRequest read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("files", "Send a JSON object with 'files': [{\"token\": ...}] naming "
                    + "finished uploads from POST /api/blobs/uploads");
        }
        ObjectNode fields = ((ObjectNode) body).deepCopy();
        JsonNode files = fields.remove("files");
        List<BlobUploads.Ref> refs = new ArrayList<>();
        if (files != null && !files.isNull()) {
            if (!files.isArray()) {
                throw ProblemException.badRequest("files", "'files' must be a list like [{\"token\": ...}]");
            }
            for (JsonNode file : files) {
                if (!file.isObject() || !file.path("token").isTextual()) {
                    throw ProblemException.badRequest("files", "Every entry of 'files' needs a 'token' "
                            + "(from POST /api/blobs/uploads) and may have a 'name'");
                }
                JsonNode name = file.path("name");
                refs.add(new BlobUploads.Ref(file.get("token").asText(), name.isTextual() ? name.asText() : null));
            }
        }
        return new UploadsRequest(fields, refs);
    }

    /** The change a new version makes, from 'notes' (or 'versionNotes'), 'remove' and 'dropPreviousFiles'. */
    VersionChange change() {
        String notes = text("notes", text("versionNotes", null));
        JsonNode drop = fields.has("dropPreviousFiles") ? fields.get("dropPreviousFiles") : fields.get("deleteOldVersions");
        if (drop != null && !drop.isNull() && !drop.isBoolean()) {
            throw ProblemException.badRequest("dropPreviousFiles", "'dropPreviousFiles' must be true or false");
        }
        List<String> remove = new ArrayList<>();
        JsonNode paths = fields.get("remove");
        if (paths != null && !paths.isNull()) {
            if (!paths.isArray()) {
                throw ProblemException.badRequest("remove", "'remove' must be a list of paths");
            }
            paths.forEach(p -> remove.add(p.asText()));
        }
        return new VersionChange(notes, drop != null && drop.asBoolean(), remove);
    }

    private String text(String field, String fallback) {
        JsonNode value = fields.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw ProblemException.badRequest(field, "'" + field + "' must be a string");
        }
        return value.asText();
    }
}
