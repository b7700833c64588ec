package org.kernelforge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Many users' commits through several server replicas (alternated): the makespan from the first commit to the
 * last version done, against the ideal for the slots (the sum of run times divided by the slots of all replicas).
 * Run by src/bench/replicas-benchmark.sh, which starts the replicas.
 */
public final class ReplicasBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<String> servers;

    private ReplicasBenchmark(List<String> servers) {
        this.servers = servers;
    }

    private record User(String name, String authorization) {
    }

    private record Commit(User user, String server, int version) {
    }

    public static void main(String[] argv) throws Exception {
        BenchArgs args = new BenchArgs(argv);
        ReplicasBenchmark bench = new ReplicasBenchmark(List.of(args.get("servers").split(",")));
        bench.run(Integer.parseInt(args.get("users", "20")), Integer.parseInt(args.get("commits", "200")),
                Integer.parseInt(args.get("slots")), args.get("source", "print('hi')").replace("\\n", "\n"));
    }

    private void run(int userCount, int commits, int slots, String source) throws Exception {
        ExecutorService pushers = Executors.newFixedThreadPool(4);
        List<Future<User>> signedUp = new ArrayList<>();
        for (int i = 0; i < userCount; i++) {
            String server = servers.get(i % servers.size());
            String prefix = "bench" + i;
            signedUp.add(pushers.submit(() -> signUp(server, prefix)));
        }
        List<User> users = new ArrayList<>();
        for (Future<User> f : signedUp) {
            users.add(f.get());
        }
        List<Future<Commit>> pushed = new ArrayList<>();
        for (int c = 0; c < commits; c++) {
            User user = users.get(c % userCount);
            String server = servers.get(c % servers.size());
            pushed.add(pushers.submit(() -> push(user, server, source)));
        }
        List<Commit> all = new ArrayList<>();
        for (Future<Commit> f : pushed) {
            all.add(f.get());
        }
        pushers.shutdown();
        Instant first = null;
        Instant last = null;
        double runSeconds = 0;
        Map<String, Integer> statuses = new TreeMap<>();
        for (Commit commit : all) {
            JsonNode v = awaitFinal(commit, Duration.ofMinutes(30));
            statuses.merge(v.get("status").asText(), 1, Integer::sum);
            Instant queued = Instant.parse(v.get("queuedAt").asText());
            Instant started = Instant.parse(v.get("startedAt").asText());
            Instant finished = Instant.parse(v.get("finishedAt").asText());
            first = first == null || queued.isBefore(first) ? queued : first;
            last = last == null || finished.isAfter(last) ? finished : last;
            runSeconds += Duration.between(started, finished).toMillis() / 1000.0;
        }
        double makespan = Duration.between(first, last).toMillis() / 1000.0;
        double ideal = runSeconds / slots;
        System.out.printf(Locale.ROOT, "%d commits from %d users through %d replicas (%d slots in all): %s%n",
                commits, userCount, servers.size(), slots, statuses);
        System.out.printf(Locale.ROOT, "makespan %.1f s, ideal for the slots %.1f s (sum of run times %.1f s / %d): ratio %.2f%n",
                makespan, ideal, runSeconds, slots, makespan / ideal);
        // what a slot spends per version besides the kernel's own run: container set-up, capture, claim, removal
        System.out.printf(Locale.ROOT, "slot time per version beyond its run: %.2f s (makespan x slots - run times) / commits%n",
                (makespan * slots - runSeconds) / commits);
    }

    private User signUp(String server, String prefix) throws Exception {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
        String body = "{\"username\":\"" + name + "\",\"password\":\"a long password\",\"email\":\"" + name + "@example.org\"}";
        HttpResponse<String> signup = http.send(HttpRequest.newBuilder(URI.create(server + "/api/auth/signup"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = signup.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("kf_session="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow(() -> new IllegalStateException(signup.body()));
        HttpResponse<String> key = http.send(HttpRequest.newBuilder(URI.create(server + "/api/me/api-keys")).header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        String pair = name + ":" + JSON.readTree(key.body()).get("key").asText();
        return new User(name, "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    private Commit push(User user, String server, String source) throws Exception {
        String body = JSON.writeValueAsString(Map.of("kernel_type", "script", "language", "python", "source", source));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server + "/api/kernels/" + user.name() + "/bench-runs/versions"))
                .header("Authorization", user.authorization()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new IllegalStateException("push answered " + r.statusCode() + ": " + r.body());
        }
        return new Commit(user, server, JSON.readTree(r.body()).get("version").asInt());
    }

    private JsonNode awaitFinal(Commit commit, Duration within) throws Exception {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(commit.server() + "/api/kernels/" + commit.user().name()
                    + "/bench-runs/versions/" + commit.version())).header("Authorization", commit.user().authorization()).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode v = JSON.readTree(r.body());
            String status = v.get("status").asText();
            if (!status.equals("queued") && !status.equals("running")) {
                return v;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("version " + commit.version() + " of " + commit.user().name() + " did not finish");
    }
}
