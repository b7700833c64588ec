package org.kernelforge.kernels;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Two replicas of the packaged server (its PostgreSQL build, target/quarkus-app-postgresql) on one database, one
 * bucket and one Docker engine: many users' commits pushed through both all complete, each in exactly one
 * container (Docker's start events), no user ever has more than their 2 versions running (sampled in the
 * database), and both replicas claimed some. Then one replica is killed with SIGKILL mid-run: the other takes its
 * runs over and they complete, and none of the dead replica's containers is left.
 */
// Skip it with -Dkf.replicas-it=false (it takes a few minutes).
@DisabledIfSystemProperty(named = "kf.replicas-it", matches = "false")
class ReplicasIT {

    private static final String RUN_LABEL = "org.kernelforge.run";
    private static final String INSTALLATION_LABEL = "org.kernelforge.installation";
    /** Commits per user (20 users): 200 in all, as the benchmark (src/bench/replicas-benchmark.sh) pushes. */
    private static final int COMMITS_PER_USER = Integer.getInteger("kf.replicas.commits-per-user", 10);

    private final String database = PackagedReplicas.databaseNamed("replicas");
    private final List<ServerProcess> replicas = new ArrayList<>();
    private final List<String> replicaIds = new ArrayList<>();
    private Path root;
    private DockerClient docker;

    @BeforeEach
    void start() throws Exception {
        PackagedReplicas.freshDatabase(database);
        root = Path.of("target", "replicas-it-" + UUID.randomUUID().toString().substring(0, 8));
        Map<String, String> env = PackagedReplicas.environment(database, "kernelforge-replicas-it");
        env.put("KF_RUNS_MAX_PARALLEL", "2");
        for (String name : List.of("a", "b")) { // one after the other: the first migrates the new database
            ServerProcess replica = new ServerProcess(root.resolve(name), env, PackagedReplicas.JAR);
            replica.start(Duration.ofSeconds(300));
            replicas.add(replica);
            replicaIds.add(Files.readString(root.resolve(name).resolve("installation-id")).strip());
        }
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost("unix:///var/run/docker.sock").build();
        docker = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build());
    }

    @AfterEach
    void stop() throws Exception {
        for (ServerProcess replica : replicas) {
            replica.stop();
        }
        if (docker != null) {
            docker.close();
        }
    }

    @Test
    void twoReplicasShareTheQueueFairlyAndOneTakesOverTheOthersRunsAfterAKill() throws Exception {
        Map<String, AtomicInteger> starts = new ConcurrentHashMap<>();
        ResultCallback.Adapter<Event> events = docker.eventsCmd().withEventTypeFilter(EventType.CONTAINER).withEventFilter("start")
                .withLabelFilter(RUN_LABEL).exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Event event) {
                        Map<String, String> labels = event.getActor() == null ? Map.of() : event.getActor().getAttributes();
                        if (labels != null && replicaIds.contains(labels.get(INSTALLATION_LABEL))) {
                            starts.computeIfAbsent(labels.get(RUN_LABEL), r -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                });
        try {
            // signing up hashes a password: a few at once
            List<PackagedReplicas.Account> users = java.util.stream.IntStream.range(0, 20).parallel()
                    .mapToObj(i -> PackagedReplicas.signUp(replicas.get(i % 2), "fair" + i)).toList();
            AtomicLong mostPerUser = new AtomicLong();
            AtomicLong mostPerReplica = new AtomicLong();
            Thread sampler = sampler(mostPerUser, mostPerReplica);
            int pushed = 0;
            Instant firstPush = Instant.now();
            for (int j = 0; j < COMMITS_PER_USER; j++) {
                for (int i = 0; i < users.size(); i++) {
                    push(users.get(i), replicas.get((i + j) % 2), "tiny-runs", "print('commit " + j + "')");
                    pushed++;
                }
            }
            awaitNothingQueuedOrRunning(Duration.ofSeconds(60L + 3L * pushed));
            System.out.printf("ReplicasIT: %d commits of %d users through 2 replicas (2 slots each) in %d s%n", pushed,
                    users.size(), Duration.between(firstPush, Instant.now()).toSeconds());
            sampler.interrupt();
            sampler.join();
            Map<String, Long> byStatus = query("select status, count(*) from kernel_versions group by status");
            assertEquals(Map.of("COMPLETE", (long) pushed), byStatus, "every commit completed");
            Map<String, Long> byReplica = query("select claimed_by, count(*) from kernel_versions group by claimed_by");
            assertEquals(Set.copyOf(replicaIds), byReplica.keySet(), "both replicas claimed versions: " + byReplica);
            assertTrue(mostPerUser.get() <= 2, "a user had " + mostPerUser.get() + " versions running at once");
            assertTrue(mostPerReplica.get() <= 2, "a replica ran " + mostPerReplica.get() + " versions, with 2 slots");
            Thread.sleep(1000); // the last start events
            Map<String, Long> ids = query("select 'v' || id, 1 from kernel_versions");
            for (String runId : ids.keySet()) {
                AtomicInteger count = starts.get(runId);
                assertEquals(1, count == null ? 0 : count.get(), runId + " ran in exactly one container: " + starts);
            }

            // two users' long runs: two on each replica (2 slots each, 2 per user); then replica b dies
            for (PackagedReplicas.Account user : users.subList(0, 2)) {
                for (int k = 0; k < 2; k++) {
                    push(user, replicas.get(k), "long-run", "import time\nprint('started', flush=True)\ntime.sleep(12)\n"
                            + "open('/kaggle/working/out.txt', 'w').write('done')");
                }
            }
            String b = replicaIds.get(1);
            PackagedReplicas.awaitTrue(Duration.ofSeconds(90), "four long runs started, two on replica b", () -> {
                Map<String, Long> started = query("select claimed_by, count(*) from kernel_versions where status = 'RUNNING' "
                        + "and container_id is not null group by claimed_by");
                return started.getOrDefault(b, 0L) == 2 && started.values().stream().mapToLong(Long::longValue).sum() == 4;
            });
            Map<String, Long> onB = query("select cast(id as varchar), 1 from kernel_versions where status = 'RUNNING' and claimed_by = '"
                    + b + "'");
            replicas.get(1).killHard();
            replicas.remove(1);

            awaitNothingQueuedOrRunning(Duration.ofSeconds(120));
            Map<String, Long> longRuns = query("select v.status || ' ' || v.claimed_by, count(*) from kernel_versions v "
                    + "join kernels k on k.id = v.kernel_id where k.slug = 'long-run' group by v.status, v.claimed_by");
            assertEquals(Map.of("COMPLETE " + replicaIds.get(0), 4L), longRuns, "replica a took over and completed b's runs");
            for (String id : onB.keySet()) {
                Map<String, Long> ref = query("select u.username || ' ' || v.version_number, 1 from kernel_versions v join kernels k "
                        + "on k.id = v.kernel_id join users u on u.id = k.owner_id where v.id = " + id);
                String[] userAndVersion = ref.keySet().iterator().next().split(" ");
                PackagedReplicas.Account owner = users.stream().filter(u -> u.name().equals(userAndVersion[0])).findFirst().orElseThrow();
                owner.asKaggleClient(replicas.get(0)).get("/api/kernels/" + owner.name() + "/long-run/versions/" + userAndVersion[1] + "/output/out.txt")
                        .then().statusCode(200).body(equalTo("done"));
                List<String> lines = owner.asKaggleClient(replicas.get(0))
                        .get("/api/kernels/" + owner.name() + "/long-run/versions/" + userAndVersion[1] + "/log").then().extract().path("data");
                assertEquals(1, lines.stream().filter("started"::equals).count(), "the log, once: " + lines);
            }
            assertEquals(Map.of(), query("select id, 1 from server_replicas where id = '" + b + "'"), "b's heartbeat row is gone");
            PackagedReplicas.awaitTrue(Duration.ofSeconds(30), "no run container of replica b is left", () -> docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(INSTALLATION_LABEL, b)).exec().stream()
                    .noneMatch(c -> c.getLabels() != null && c.getLabels().containsKey(RUN_LABEL)));
            Path deadData = root.resolve("b").toAbsolutePath().normalize();
            PackagedReplicas.awaitTrue(Duration.ofSeconds(30), "no filesystem replica b prepared is left mounted", () -> mountsUnder(deadData).isEmpty());
        } finally {
            events.close();
        }
    }

    /** Mount points under a folder, from this host's mount table. */
    private static List<String> mountsUnder(Path folder) throws java.io.IOException {
        return Files.readAllLines(Path.of("/proc/self/mounts")).stream().map(line -> line.split(" ")[1])
                .filter(point -> point.startsWith(folder + "/")).toList();
    }

    private static void push(PackagedReplicas.Account user, ServerProcess replica, String slug, String source) {
        user.asKaggleClient(replica).contentType(ContentType.JSON)
                .body(Map.of("kernel_type", "script", "language", "python", "source", source))
                .post("/api/kernels/" + user.name() + "/" + slug + "/versions").then().statusCode(202);
    }

    /** Samples the most versions running at once for one user, and on one replica, until interrupted. */
    private Thread sampler(AtomicLong mostPerUser, AtomicLong mostPerReplica) {
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    query("select cast(k.owner_id as varchar), count(*) from kernel_versions v join kernels k on k.id = v.kernel_id "
                            + "where v.status = 'RUNNING' group by k.owner_id").values().forEach(n -> mostPerUser.accumulateAndGet(n, Math::max));
                    query("select claimed_by, count(*) from kernel_versions where status = 'RUNNING' group by claimed_by")
                            .values().forEach(n -> mostPerReplica.accumulateAndGet(n, Math::max));
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }, "running-sampler");
        sampler.start();
        return sampler;
    }

    /** On failure the message (and a file beside the replicas' data) says where each live replica waits. */
    private void awaitNothingQueuedOrRunning(Duration within) throws Exception {
        try {
            PackagedReplicas.awaitTrue(within, "every version finished", () ->
                    query("select status, count(*) from kernel_versions where status in ('QUEUED', 'RUNNING') group by status").isEmpty());
        } catch (AssertionError stuck) {
            fail(stuck.getMessage() + "\n" + stuckReport());
        }
    }

    /**
     * The versions not finished (with their containers' state on the engine), the stacks of the live replicas'
     * threads that are in the server's own code (whole dumps in a file) and the tails of their logs.
     */
    private String stuckReport() throws Exception {
        StringBuilder report = new StringBuilder("versions not finished (id status claimed_by container: engine state):\n");
        try (Connection c = connect(database); Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "select id, status, claimed_by, container_id, started_at from kernel_versions "
                        + "where status in ('QUEUED', 'RUNNING') order by id")) {
            while (r.next()) {
                String container = r.getString(4);
                report.append("  v").append(r.getLong(1)).append(' ').append(r.getString(2)).append(' ').append(r.getString(3))
                        .append(" started ").append(r.getString(5)).append(' ').append(container).append(": ")
                        .append(containerState(container)).append('\n');
            }
        }
        Path dumps = root.resolve("stuck-threads.txt");
        StringBuilder all = new StringBuilder();
        for (ServerProcess replica : replicas) {
            String dump = replica.threadDump();
            all.append("==== replica ").append(replica.name()).append(" (").append(replicaIdOf(replica)).append(")\n").append(dump).append('\n');
            report.append("\n==== replica ").append(replica.name()).append(" (").append(replicaIdOf(replica))
                    .append("): threads in org.kernelforge code\n").append(threadsInServerCode(dump))
                    .append("\n==== replica ").append(replica.name()).append(": end of its log\n").append(replica.logTail(80)).append('\n');
        }
        Files.writeString(dumps, all);
        return report.append("\nwhole thread dumps: ").append(dumps.toAbsolutePath()).toString();
    }

    private String replicaIdOf(ServerProcess replica) {
        try {
            return Files.readString(root.resolve(replica.name()).resolve("installation-id")).strip();
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private String containerState(String containerId) {
        if (containerId == null) {
            return "none yet";
        }
        try {
            var state = docker.inspectContainerCmd(containerId).exec().getState();
            return state.getStatus() + " exit " + state.getExitCodeLong() + " finished " + state.getFinishedAt();
        } catch (com.github.dockerjava.api.exception.NotFoundException gone) {
            return "gone (removed)";
        } catch (RuntimeException e) {
            return "not known: " + e.getMessage();
        }
    }

    /** The blocks of a thread dump whose stack passes through the server's own classes. */
    static String threadsInServerCode(String dump) {
        StringBuilder kept = new StringBuilder();
        for (String thread : dump.split("\n\\s*\n")) {
            if (thread.contains("org.kernelforge.")) {
                kept.append(thread.strip()).append("\n\n");
            }
        }
        return kept.length() == 0 ? "(none)\n" : kept.toString();
    }

    /** A two-column query (text key, count) as a map. */
    private Map<String, Long> query(String sql) throws Exception {
        try (Connection c = connect(database); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            Map<String, Long> rows = new HashMap<>();
            while (r.next()) {
                rows.put(r.getString(1), r.getLong(2));
            }
            return rows;
        }
    }

    private Connection connect(String db) throws Exception {
        return PackagedReplicas.connect(db);
    }
}
