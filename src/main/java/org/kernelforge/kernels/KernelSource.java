package org.kernelforge.kernels;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.kernelforge.platform.ProblemException;

import java.nio.charset.StandardCharsets;

/** Turns the pushed {@code source} into the exact bytes a version keeps: script text or an .ipynb document. */
final class KernelSource {

    private KernelSource() {
    }

    static byte[] normalize(KernelType type, JsonNode source, long maxBytes, ObjectMapper json) {
        if (source == null || source.isNull()) {
            throw ProblemException.badRequest("source", "Send the kernel's source: the script text, or the notebook document");
        }
        byte[] bytes = type == KernelType.SCRIPT ? script(source) : notebook(source, json);
        if (bytes.length > maxBytes) {
            throw ProblemException.tooLarge("source", "The source has " + bytes.length + " bytes; the limit is " + maxBytes);
        }
        return bytes;
    }

    private static byte[] script(JsonNode source) {
        if (!source.isTextual()) {
            throw ProblemException.badRequest("source", "A script's source must be a string of Python code");
        }
        return source.textValue().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] notebook(JsonNode source, ObjectMapper json) {
        JsonNode document = source;
        if (source.isTextual()) {
            try {
                document = json.readTree(source.textValue());
            } catch (JsonProcessingException e) {
                throw ProblemException.badRequest("source", "The notebook is not valid JSON (line "
                        + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
            }
        }
        if (document == null || !document.isObject() || !document.path("cells").isArray()) {
            throw ProblemException.badRequest("source", "A notebook's source must be an .ipynb document: a JSON object with a \"cells\" array");
        }
        if (document.path("nbformat").asInt(4) != 4) {
            throw ProblemException.badRequest("source", "Only nbformat 4 notebooks are supported; this one is nbformat "
                    + document.path("nbformat").asText());
        }
        int index = 0;
        for (JsonNode cell : document.path("cells")) {
            String cellType = cell.path("cell_type").asText("");
            if (!cellType.equals("code") && !cellType.equals("markdown") && !cellType.equals("raw")) {
                throw ProblemException.badRequest("source", "Cell " + (index + 1) + " has cell_type '" + cellType
                        + "'; use code, markdown or raw");
            }
            index++;
        }
        try {
            return json.writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
