package org.kernelforge.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * One person using the platform during the soak: signs up, makes a dataset, joins the competition, then until the
 * end picks one action after another, each after a short pause: a page, an API read, a dataset version (CSV, zip
 * or a 24 MiB file), a kernel push (which runs a container; one in ten fails on purpose) or a competition submission (a CSV,
 * or the output of a version that completed).
 */
final class SoakUser implements Runnable {

    static final String COMPETITION = "soak-comp";
    private static final int KERNELS = 3;
    /** Every fifth dataset version carries a file this large, sent to the object store in parts. */
    private static final int BIG_FILE_BYTES = 24 << 20;

    private final String username;
    private final SoakClient client;
    private final SoakRuns runs;
    private final long endNanos;
    private final long thinkMillis;
    private final Random random;
    private final String dataset;
    private final List<SoakRuns.Pushed> completed = new ArrayList<>();
    private SoakRuns.Pushed latest;
    private int pushes;
    private int versions = 1;

    SoakUser(String username, SoakClient client, SoakRuns runs, long endNanos, long thinkMillis, long seed) {
        this.username = username;
        this.client = client;
        this.runs = runs;
        this.endNanos = endNanos;
        this.thinkMillis = thinkMillis;
        this.random = new Random(seed);
        this.dataset = "data-" + username;
    }

    /** Account, API key, a dataset and the competition's rules accepted: before the clock starts. */
    void setUp() {
        Map<String, String> signup = Map.of("username", username, "password", "soak password " + username,
                "email", username + "@example.org");
        expect(client.postJson("setup: POST api signup", "/api/auth/signup", signup), "sign-up");
        JsonNode key = expect(client.postJson("setup: POST api key", "/api/me/api-keys", "{}"), "API key").json();
        client.useApiKey(key.get("username").asText(), key.get("key").asText());
        String metadata = "{\"title\":\"Soak data of " + username + "\",\"id\":\"" + username + "/" + dataset + "\"}";
        expect(client.postMultipart("setup: POST api dataset", "/api/datasets", new SoakClient.Multipart()
                .text("metadata", metadata, "application/json").file("file", "data.csv", "text/csv", csv(2000))), "dataset");
        expect(client.postJson("setup: POST api join", "/api/competitions/" + COMPETITION + "/join", "{}"), "join");
    }

    @Override
    public void run() {
        while (System.nanoTime() < endNanos) {
            int dice = random.nextInt(100);
            if (dice < 40) {
                viewPage();
            } else if (dice < 77) {
                readApi();
            } else if (dice < 80) {
                watchLog();
            } else if (dice < 87) {
                push();
            } else if (dice < 92) {
                uploadVersion();
            } else {
                submit();
            }
            try {
                Thread.sleep(thinkMillis / 2 + random.nextLong(thinkMillis + 1));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void viewPage() {
        List<String[]> pages = new ArrayList<>(List.of(
                new String[]{"page /", "/"},
                new String[]{"page /datasets", "/datasets"},
                new String[]{"page /kernels", "/kernels"},
                new String[]{"page /competitions", "/competitions"},
                new String[]{"page dataset", "/datasets/" + username + "/" + dataset},
                new String[]{"page competition", "/competitions/" + COMPETITION},
                new String[]{"page competition leaderboard", "/competitions/" + COMPETITION + "/leaderboard"},
                new String[]{"page competition submissions", "/competitions/" + COMPETITION + "/submissions"}));
        if (latest != null) {
            String kernel = "/kernels/" + username + "/" + latest.slug();
            pages.add(new String[]{"page kernel", kernel});
            pages.add(new String[]{"page kernel version", kernel + "/versions/" + latest.version()});
            pages.add(new String[]{"page kernel editor", kernel + "/edit"});
        }
        String[] page = pages.get(random.nextInt(pages.size()));
        client.page(page[0], page[1]);
    }

    private void readApi() {
        String files = "/api/datasets/" + username + "/" + dataset + "/versions/latest/files";
        List<String[]> reads = new ArrayList<>(List.of(
                new String[]{"GET api datasets search", "/api/datasets?search=soak"},
                new String[]{"GET api dataset files", files},
                new String[]{"GET api dataset file (download)", files + "/data.csv"},
                new String[]{"GET api dataset file preview", files + "/data.csv/preview"},
                new String[]{"GET api competition leaderboard", "/api/competitions/" + COMPETITION + "/leaderboard?board=public"},
                new String[]{"GET api competition submissions", "/api/competitions/" + COMPETITION + "/submissions"}));
        if (latest != null) {
            reads.add(new String[]{"GET api kernel version", latest.path()});
            reads.add(new String[]{"GET api kernel version output", latest.path() + "/output"});
            reads.add(new String[]{"GET api kernel version log", latest.path() + "/log"});
        }
        String[] read = reads.get(random.nextInt(reads.size()));
        if (read[0].endsWith("log")) {
            client.get(read[0], read[1], "text/plain");
        } else {
            client.get(read[0], read[1]);
        }
    }

    /** Follows the latest version's log live (Server-Sent Events) until its run ends, as the version page does. */
    private void watchLog() {
        if (latest == null) {
            readApi();
            return;
        }
        client.get("GET api kernel version log (live, until the run ends)", latest.path() + "/log", "text/event-stream");
    }

    private void push() {
        String slug = "soak-kernel-" + random.nextInt(KERNELS);
        boolean fails = ++pushes % 10 == 0;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kernel_type", "script");
        body.put("language", "python");
        body.put("source", script(fails));
        body.put("dataset_sources", List.of(username + "/" + dataset));
        body.put("competition_sources", List.of(COMPETITION));
        SoakClient.Answer answer = client.postJson("POST api kernel push", "/api/kernels/" + username + "/" + slug + "/versions", body);
        if (answer.status() == 202) {
            latest = new SoakRuns.Pushed(client, username, slug, answer.json().get("version").asInt());
            runs.add(latest);
            if (!fails) {
                completed.add(latest);
            }
        } else {
            runs.add(new SoakRuns.Pushed(client, username, slug, -1));
        }
    }

    private void uploadVersion() {
        SoakClient.Multipart form = new SoakClient.Multipart().text("notes", "soak version " + ++versions, "text/plain");
        if (versions % 5 == 0) {
            byte[] big = new byte[BIG_FILE_BYTES];
            random.nextBytes(big);
            form.file("file", "big.bin", "application/octet-stream", big);
        } else if (versions % 4 == 0) {
            form.file("file", "extra.zip", "application/zip", zip(20));
        } else {
            form.file("file", "data.csv", "text/csv", csv(500 + random.nextInt(20_000)));
        }
        client.postMultipart("POST api dataset version", "/api/datasets/" + username + "/" + dataset + "/versions", form);
    }

    private void submit() {
        String path = "/api/competitions/" + COMPETITION + "/submissions";
        SoakRuns.Pushed done = completed.isEmpty() ? null : completed.get(random.nextInt(completed.size()));
        if (done != null && random.nextBoolean() && "complete".equals(client.get("GET api kernel version", done.path()).json()
                .path("status").asText())) {
            client.postJson("POST api submission (kernel output)", path, Map.of("kernel", username + "/" + done.slug(),
                    "version", done.version(), "file", "submission.csv"));
        } else {
            client.postMultipart("POST api submission (CSV)", path, new SoakClient.Multipart()
                    .text("description", "soak", "text/plain").file("file", "submission.csv", "text/csv", submission(random)));
        }
    }

    /** Reads both inputs, writes the submission and a few small files; ends without a newline once in a while. */
    private String script(boolean fails) {
        return "import csv, os, random\n"
                + "rows = list(csv.DictReader(open('/kaggle/input/" + COMPETITION + "/test.csv')))\n"
                + "with open('submission.csv', 'w') as f:\n"
                + "    f.write('id,y\\n')\n"
                + "    for r in rows:\n"
                + "        f.write(r['id'] + ',' + str(random.random()) + '\\n')\n"
                + "n = sum(1 for _ in open('/kaggle/input/" + dataset + "/data.csv'))\n"
                + "os.makedirs('parts', exist_ok=True)\n"
                + "for i in range(10):\n"
                + "    open('parts/p%d.txt' % i, 'w').write(str(i) * 100 * i)\n"
                + "print('rows', len(rows), 'data lines', n)\n"
                + (fails ? "raise ValueError('soak: a kernel that fails on purpose')\n" : "print('done', end='')\n");
    }

    static byte[] competitionTest() {
        StringBuilder s = new StringBuilder("id,x\n");
        for (int id = 1; id <= SoakBenchmark.COMPETITION_ROWS; id++) {
            s.append(id).append(',').append(id % 17).append('\n');
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] solution() {
        StringBuilder s = new StringBuilder("id,y\n");
        for (int id = 1; id <= SoakBenchmark.COMPETITION_ROWS; id++) {
            s.append(id).append(',').append((id % 17) / 17.0).append('\n');
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] submission(Random random) {
        StringBuilder s = new StringBuilder("id,y\n");
        for (int id = 1; id <= SoakBenchmark.COMPETITION_ROWS; id++) {
            s.append(id).append(',').append(random.nextDouble()).append('\n');
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] csv(int rows) {
        StringBuilder s = new StringBuilder("id,a,b,label\n");
        for (int i = 0; i < rows; i++) {
            s.append(i).append(',').append(random.nextInt(1000)).append(',').append(random.nextDouble()).append(',')
                    .append(random.nextBoolean() ? "yes" : "no").append('\n');
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] zip(int entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < entries; i++) {
                zip.putNextEntry(new ZipEntry("extra/part-" + i + ".csv"));
                zip.write(csv(50 + random.nextInt(200)));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    static SoakClient.Answer expect(SoakClient.Answer answer, String what) {
        if (!answer.ok()) {
            throw new IllegalStateException(what + " answered " + answer.status() + ": " + answer.body());
        }
        return answer;
    }
}
