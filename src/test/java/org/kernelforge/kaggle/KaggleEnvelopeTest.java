package org.kernelforge.kaggle;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kaggle's envelope: JSON calls by POST, errors as {"code", "message"} in application/json, Basic username:key. */
@QuarkusTest
class KaggleEnvelopeTest {

    static final String KERNELS = "/api/v1/kernels.KernelsApiService/";
    static final String DATASETS = "/api/v1/datasets.DatasetApiService/";

    @Test
    void aWrongKeyAnswers401WithTheMessageInKagglesShape() {
        TestAccounts.Account ada = TestAccounts.signUp("ada");
        given().auth().preemptive().basic(ada.username(), "not-the-key").contentType(ContentType.JSON)
                .body("{\"group\":\"PROFILE\",\"page\":1}")
                .post(KERNELS + "ListKernels")
                .then().statusCode(401)
                .contentType(containsString("application/json"))
                .contentType(not(containsString("problem")))
                .body("code", equalTo(401))
                .body("message", not(emptyOrNullString()));
    }

    @Test
    void listingTheCallersOwnKernelsWithoutCredentialsAsks401() {
        given().contentType(ContentType.JSON).body("{\"group\":\"PROFILE\"}")
                .post(KERNELS + "ListKernels")
                .then().statusCode(401).body("code", equalTo(401));
    }

    @Test
    void theRightKeyIsAccepted() {
        TestAccounts.Account ada = TestAccounts.signUp("ada");
        ada.given().contentType(ContentType.JSON).body("{\"group\":\"PROFILE\",\"page\":1}")
                .post(KERNELS + "ListKernels")
                .then().statusCode(200).body("kernels.size()", equalTo(0)).body("$", not(org.hamcrest.Matchers.hasKey("code")));
    }

    @Test
    void anUnknownMethodIsANotFoundInKagglesShape() {
        given().contentType(ContentType.JSON).body("{}")
                .post("/api/v1/kernels.KernelsApiService/NoSuchMethod")
                .then().statusCode(404).contentType(containsString("application/json")).body("code", equalTo(404));
    }

    @Test
    void aFeaturesProblemKeepsItsMessage() {
        given().contentType(ContentType.JSON).body("{\"ownerSlug\":\"nobody-here\",\"datasetSlug\":\"nothing\"}")
                .post(DATASETS + "GetDatasetStatus")
                .then().statusCode(404)
                .body("code", equalTo(404))
                .body("message", containsString("nobody-here/nothing"));
    }

    @Test
    void malformedJsonIsA400InKagglesShape() {
        given().contentType(ContentType.JSON).body("{\"ownerSlug\":")
                .post(DATASETS + "GetDatasetStatus")
                .then().statusCode(400).contentType(containsString("application/json")).body("code", equalTo(400));
    }

    @Test
    void theRestApiStillAnswersProblemJson() {
        given().get("/api/datasets/nobody-here/nothing")
                .then().statusCode(404).contentType(containsString("application/problem+json")).body("status", equalTo(404));
    }

    /** Through an HTTP proxy the client sends the absolute form: POST http://localhost/api/v1/... HTTP/1.1. */
    @Test
    void anAbsoluteFormRequestLineIsServed() throws IOException {
        int port = RestAssured.port;
        String body = "{\"search\":\"\",\"user\":\"\",\"page\":1}";
        String request = "POST http://localhost" + DATASETS + "ListDatasets HTTP/1.1\r\n"
                + "Host: localhost\r\nUser-Agent: \r\nAccept-Encoding: gzip, deflate\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 200"), response);
            assertTrue(response.contains("\"datasets\""), response);
        }
    }

    static String publicUrl() {
        return ConfigProvider.getConfig().getValue("kernelforge.public-url", String.class);
    }
}
