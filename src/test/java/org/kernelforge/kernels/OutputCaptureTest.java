package org.kernelforge.kernels;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernelforge.kernels.KernelFixtures.as;

/** What capture keeps of /kaggle/working, through real runs pushed like any other (Docker, object store, database). */
@QuarkusTest
@TestProfile(OutputCaptureTest.FewFilesAllowed.class)
class OutputCaptureTest {

    private static final Duration RUN = Duration.ofSeconds(120);
    static final int MAX_FILES = 1500;

    public static class FewFilesAllowed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kernelforge.runs.limits.output-max-files", String.valueOf(MAX_FILES));
        }
    }

    @Test
    void aFileNamedWithBytesThatAreNotUtf8IsKeptShownEscapedAndDownloadable() {
        Account ada = TestAccounts.signUp("ada");
        int version = KernelFixtures.push(ada, "latin", KernelFixtures.script("""
                import os
                with open(b'/kaggle/working/\\xff-latin1.bin', 'wb') as f:
                    f.write(b'latin bytes')
                with open('/kaggle/working/ok.txt', 'w') as f:
                    f.write('ok')
                os.chmod('/kaggle/working/ok.txt', 0o4777)
                """));

        Map<String, Object> v = KernelFixtures.awaitFinished(ada, "latin", version, RUN);
        assertEquals("complete", v.get("status"), String.valueOf(v));
        String base = "/api/kernels/" + ada.username() + "/latin/versions/" + version;
        assertEquals(List.of("\\xff-latin1.bin", "ok.txt"), as(ada).get(base + "/output").then().statusCode(200).extract().path("path"));
        // by the raw bytes of the name (as the page links it) and by the name the listing shows
        assertEquals("latin bytes", as(ada).urlEncodingEnabled(false).get(base + "/output/%FF-latin1.bin")
                .then().statusCode(200).extract().asString());
        assertEquals("latin bytes", as(ada).urlEncodingEnabled(false).get(base + "/output/%5Cxff-latin1.bin")
                .then().statusCode(200).extract().asString());
        assertEquals("ok", as(ada).get(base + "/output/ok.txt").then().statusCode(200).extract().asString());
        as(ada).get("/kernels/" + ada.username() + "/latin/versions/" + version).then().statusCode(200)
                .body(containsString("/output/%FF-latin1.bin\""), containsString(">\\xff-latin1.bin</a>"));
        // the kernel's setuid bit and its write access for everyone are not kept
        assertEquals(0755, modeOf(ada.username(), "latin", version, "ok.txt"));
    }

    @Test
    void theOutputListingComesInPagesOnTheApiAndOnTheVersionPage() {
        Account bo = TestAccounts.signUp("bo");
        int version = KernelFixtures.push(bo, "many-files", KernelFixtures.script("""
                import os
                os.makedirs('/kaggle/working/d', exist_ok=True)
                for i in range(1203):
                    open('/kaggle/working/d/f%04d.txt' % i, 'w').close()
                """));
        Map<String, Object> v = KernelFixtures.awaitFinished(bo, "many-files", version, RUN);
        assertEquals("complete", v.get("status"), String.valueOf(v));
        assertNotNull(v.get("captureMillis"), "capture counts in the version's timings: " + v);

        String next = "/api/kernels/" + bo.username() + "/many-files/versions/" + version + "/output?limit=500";
        List<String> paths = new ArrayList<>();
        int pages = 0;
        while (next != null) {
            Response page = as(bo).urlEncodingEnabled(false).get(next);
            page.then().statusCode(200).header("X-Total-Count", "1203");
            List<String> got = page.path("path");
            assertTrue(got.size() <= 500, "a page holds at most its limit");
            paths.addAll(got);
            pages++;
            String link = page.header("Link");
            next = link == null ? null : link.substring(link.indexOf('<') + 1, link.indexOf('>'));
        }
        assertEquals(3, pages);
        assertEquals(1203, paths.size());
        assertEquals(1203, paths.stream().distinct().count());
        assertEquals("d/f0000.txt", paths.get(0));
        assertEquals("d/f1202.txt", paths.get(1202));
        as(bo).get("/api/kernels/" + bo.username() + "/many-files/versions/" + version + "/output?limit=0").then().statusCode(400);

        String page = as(bo).get("/kernels/" + bo.username() + "/many-files/versions/" + version).then().statusCode(200)
                .body(containsString("Files 1–500 of 1,203"), containsString("output captured in"),
                        not(containsString("f0500.txt"))).extract().asString();
        Matcher more = Pattern.compile("href=\"([^\"]*outputs_after=[^\"#]*)[^\"]*\" id=\"outputs-more\"").matcher(page);
        assertTrue(more.find(), "a link to the next files");
        as(bo).urlEncodingEnabled(false).get(more.group(1).replace("&amp;", "&")).then().statusCode(200)
                .body(containsString("Files 501–1,000 of 1,203"), containsString("f0500.txt"), not(containsString(">f0499.txt<")));
    }

    @Test
    void aRunThatLeavesMoreFilesThanTheLimitFailsClearlyAndKeepsNone() {
        Account cy = TestAccounts.signUp("cy");
        int version = KernelFixtures.push(cy, "too-many", KernelFixtures.script("""
                for i in range(%d):
                    open('/kaggle/working/f%%d' %% i, 'w').close()
                print('wrote them all')
                """.formatted(MAX_FILES + 1)));
        Map<String, Object> v = KernelFixtures.awaitFinished(cy, "too-many", version, RUN);
        assertEquals("error", v.get("status"), String.valueOf(v));
        Map<?, ?> failure = (Map<?, ?>) v.get("failure");
        assertEquals("output_too_large", failure.get("kind"), String.valueOf(v));
        assertTrue(((String) failure.get("message")).contains("more than 1,500 files in /kaggle/working"), String.valueOf(failure));
        as(cy).get("/api/kernels/" + cy.username() + "/too-many/versions/" + version + "/output").then().statusCode(200)
                .header("X-Total-Count", "0");

        int atLimit = KernelFixtures.push(cy, "just-enough", KernelFixtures.script("""
                for i in range(%d):
                    open('/kaggle/working/f%%d' %% i, 'w').close()
                """.formatted(MAX_FILES)));
        assertEquals("complete", KernelFixtures.awaitFinished(cy, "just-enough", atLimit, RUN).get("status"));
    }

    private static int modeOf(String owner, String slug, int number, String path) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Kernel kernel = Kernel.<Kernel>find("ownerName = ?1 and slug = ?2", owner, slug).firstResult();
            KernelVersion v = KernelVersion.byNumber(kernel, number).orElseThrow();
            return KernelVersionOutput.byPath(v.id, path).orElseThrow().mode;
        });
    }
}
