package org.kernelforge.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every operation of the OpenAPI document that takes a JSON body, every property of its schema, sent a value of
 * the wrong JSON type: the answer is a 400 (or 422) problem naming that field and the type it needs, never an
 * empty body and never a 500.
 */
@QuarkusTest
class JsonTypeSweepTest {

    private static final Set<String> BODY_METHODS = Set.of("post", "put", "patch");
    private static final Pattern TEMPLATE = Pattern.compile("\\{([^}:]+)(:[^}]*)?}");

    @Test
    void everyJsonFieldSentTheWrongTypeIsAProblemNamingTheFieldAndItsType() throws Exception {
        JsonNode openApi = new ObjectMapper().readTree(given().get("/q/openapi?format=json").then().statusCode(200)
                .extract().asString());
        Account admin = TestAccounts.admin();
        // an existing dataset of the caller, so that PATCH and new versions read their body
        String slug = TestAccounts.uniqueName("sweep");
        admin.given().multiPart("metadata", "{\"title\": \"Type sweep\", \"id\": \"" + admin.username() + "/" + slug + "\"}")
                .multiPart("file", "a.csv", "a\n1\n".getBytes()).post("/api/datasets").then().statusCode(201);
        // and a kernel of the same slug, so that its PATCH reads its body too
        admin.given().contentType(ContentType.JSON).body(Map.of("title", "Type sweep", "kernel_type", "script",
                "source", "print(1)", "mode", "quick")).post("/api/kernels/" + admin.username() + "/" + slug + "/versions")
                .then().statusCode(202);
        List<String> failures = new ArrayList<>();
        int sent = 0;
        Set<String> operations = new java.util.TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = openApi.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                JsonNode schema = op.getValue().path("requestBody").path("content").path("application/json").path("schema");
                if (!BODY_METHODS.contains(op.getKey()) || schema.isMissingNode()) {
                    continue;
                }
                JsonNode properties = resolve(openApi, schema).path("properties");
                String url = concrete(path.getKey(), admin.username(), slug);
                for (Iterator<Map.Entry<String, JsonNode>> props = properties.fields(); props.hasNext(); ) {
                    Map.Entry<String, JsonNode> property = props.next();
                    Wrong wrong = wrongValueFor(property.getValue().has("oneOf") || property.getValue().has("anyOf")
                            ? property.getValue() : resolve(openApi, property.getValue()));
                    if (wrong == null) {
                        continue;
                    }
                    ObjectNode body = JsonNodeFactory.instance.objectNode().set(property.getKey(), wrong.value());
                    Response answer = admin.given().contentType(ContentType.JSON).body(body.toString())
                            .request(op.getKey().toUpperCase(), url);
                    sent++;
                    operations.add(op.getKey().toUpperCase() + " " + path.getKey());
                    String problem = path.getKey().startsWith(KAGGLE_PROTOCOL)
                            ? checkKaggleError(answer, property.getKey(), wrong.expected())
                            : check(answer, property.getKey(), wrong.expected());
                    if (problem != null) {
                        failures.add(op.getKey().toUpperCase() + " " + url + " " + body + ": " + problem);
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + sent + " wrong types were not answered well:\n"
                + String.join("\n", failures));
        // the sweep reached the JSON API, not a handful of fields: kernels, competitions, accounts, uploads
        assertTrue(operations.containsAll(Set.of("POST /api/competitions", "PATCH /api/competitions/{slug}",
                "POST /api/kernels/{owner}/{slug}/versions", "POST /api/auth/signup", "PUT /api/users/{username}/roles",
                "POST /api/blobs/uploads", "POST /api/datasets", "PATCH /api/datasets/{owner}/{slug}")), "operations swept: " + operations);
        assertTrue(sent >= 40, "only " + sent + " fields were swept");
    }

    @Test
    void malformedJsonIsAProblemThatSaysWhere() {
        Account admin = TestAccounts.admin();
        String answer = admin.given().contentType(ContentType.JSON).body("{\"title\": \"x\",, }")
                .post("/api/kernels/" + admin.username() + "/malformed-json/versions").then().statusCode(400)
                .contentType("application/problem+json").extract().path("detail");
        assertTrue(answer.contains("not valid JSON") && answer.contains("line 1"), answer);
    }

    @Test
    void theReportedWrongTypesNameTheirFieldAndType() {
        Account user = TestAccounts.signUp("typ");
        String push = "/api/kernels/" + user.username() + "/wrong-types/versions";
        expect(user.given().contentType(ContentType.JSON).body("{\"session_timeout_seconds\": \"soon\"}").post(push),
                "session_timeout_seconds", "a whole number, not \"soon\"");
        expect(user.given().contentType(ContentType.JSON).body("{\"dataset_sources\": \"notalist\"}").post(push),
                "dataset_sources", "a list");
        expect(user.given().contentType(ContentType.JSON).body("{\"is_private\": \"yes please\"}").post(push),
                "is_private", "true or false, not \"yes please\"");
        Account organizer = TestAccounts.organizer("typ");
        expect(organizer.given().contentType(ContentType.JSON).body("{\"dailySubmissionLimit\": \"lots\"}")
                .post("/api/competitions"), "dailySubmissionLimit", "a whole number, not \"lots\"");
    }

    private static void expect(Response answer, String field, String detail) {
        String problem = check(answer, field, detail);
        assertTrue(problem == null, problem);
    }

    /**
     * Kaggle's protocol answers errors in its own shape, {"code": N, "message": "..."} as application/json, which is
     * all its client prints: null when that message names the field and the expected type.
     */
    private static String checkKaggleError(Response answer, String field, String expected) {
        int status = answer.statusCode();
        String text = answer.asString();
        if (status != 400 || !String.valueOf(answer.contentType()).startsWith("application/json")) {
            return "answered " + status + " " + answer.contentType() + " " + text;
        }
        String message = answer.jsonPath().getString("message");
        if (answer.jsonPath().getInt("code") != 400 || message == null || !message.contains("'" + field + "'")
                || !message.contains(expected)) {
            return "expected code 400 and a message naming '" + field + "' and '" + expected + "', got " + text;
        }
        return null;
    }

    /** Null when the answer is a 400/422 problem naming the field and the expected type; else what is wrong. */
    private static String check(Response answer, String field, String expected) {
        int status = answer.statusCode();
        String text = answer.asString();
        if ((status != 400 && status != 422) || !String.valueOf(answer.contentType()).startsWith("application/problem+json")) {
            return "answered " + status + " " + answer.contentType() + " " + text;
        }
        String named = answer.jsonPath().getString("field");
        String detail = answer.jsonPath().getString("detail");
        if (!field.equals(named) || detail == null || !detail.contains(field) || !detail.contains(expected)) {
            return "expected field " + field + " and '" + expected + "' in the detail, got " + text;
        }
        return null;
    }

    private static final String KAGGLE_PROTOCOL = "/api/v1/";

    private record Wrong(JsonNode value, String expected) {
    }

    /** A value of another JSON type than the schema's, and the words the problem should use for the right one. */
    private static Wrong wrongValueFor(JsonNode schema) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        if (schema.has("oneOf") || schema.has("anyOf")) {
            return null; // several types are right (a notebook sent as an object or as text)
        }
        String type = schema.path("type").asText("");
        return switch (type) {
            case "integer" -> new Wrong(json.textNode("not-a-number"), "a whole number");
            case "number" -> new Wrong(json.textNode("not-a-number"), "a number");
            case "boolean" -> new Wrong(json.textNode("yes please"), "true or false");
            case "array" -> new Wrong(json.textNode("notalist"), "a list");
            case "string" -> new Wrong(json.numberNode(12345), "a string");
            case "object" -> new Wrong(json.textNode("notanobject"), "a JSON object");
            default -> null; // any JSON
        };
    }

    /** The schema a $ref names; the properties of every part of an allOf together. */
    private static JsonNode resolve(JsonNode openApi, JsonNode schema) {
        String ref = schema.path("$ref").asText(null);
        if (ref != null) {
            return resolve(openApi, openApi.at(ref.substring(1)));
        }
        if (schema.has("allOf")) {
            ObjectNode merged = JsonNodeFactory.instance.objectNode();
            ObjectNode properties = merged.putObject("properties");
            schema.path("allOf").forEach(part -> properties.setAll((ObjectNode) resolve(openApi, part).path("properties")));
            return merged;
        }
        return schema;
    }

    private static String concrete(String template, String username, String slug) {
        Matcher m = TEMPLATE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = switch (m.group(1)) {
                case "owner", "username" -> username;
                case "id", "number", "version" -> "1";
                default -> slug;
            };
            m.appendReplacement(out, value);
        }
        m.appendTail(out);
        return out.toString();
    }
}
