package org.kernelforge.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs on a Docker Swarm: each run is a service in replicated-job mode ({@link SwarmServiceSpec}), placed by the swarm
 * on any node. No host path crosses to a node: the inputs and source go through the object store
 * ({@link SwarmStaging}), fetched and unpacked by the stager in the container, which runs the kernel and puts the
 * working and platform folders back as tars; they are unpacked into the run's folders here, so capture is the same
 * as for local runs. The engine enforces the deadline and cancellation by removing the service (the stager still
 * uploads in the stop grace period), and fails a run as platform when its node goes down.
 */
@ApplicationScoped
public class SwarmEngine implements RunEngine {

    public static final String NAME = "swarm";
    /** The node label that names a node (deploy/swarm/up.sh sets it); else the node's host name. */
    public static final String NODE_LABEL = "kernelforge.node";

    private static final Logger LOG = Logger.getLogger(SwarmEngine.class);
    private static final long POLL_MILLIS = 500;

    private final EngineConfig.Swarm config;
    private final RunsConfig runs;
    private final RunLimitsPolicy policy;
    private final ContainerSettings settings;
    private final RunnerScripts runners;
    private final SwarmStaging staging;
    private final ObjectMapper json = new ObjectMapper();
    private final SwarmOutcomes outcomes;
    private final SwarmConnection connection;

    public SwarmEngine(EngineConfig config, RunsConfig runs, RunLimitsPolicy policy, ContainerSettings settings,
                       RunnerScripts runners, SwarmStaging staging, SwarmConnection connection) {
        this.config = config.swarm();
        this.runs = runs;
        this.policy = policy;
        this.settings = settings;
        this.runners = runners;
        this.staging = staging;
        this.connection = connection;
        this.outcomes = new SwarmOutcomes(staging, runs.platformMax().asLongValue());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RunOutcome run(RunSpec spec, RunListener listener, Cancellation cancellation) {
        RunSpec run = spec.withLimits(policy.enforce(spec.limits()));
        RunListener guarded = new GuardedListener(listener, spec.runId());
        String serviceId = null;
        boolean staged = false;
        try {
            if (cancellation.isCancelled()) {
                return RunOutcome.notRun(FailureKind.CANCELLED, FailureMessages.cancelled(), null, null);
            }
            if (run.internet()) {
                throw new PlatformFailure("Internet access is not available to runs on the swarm engine");
            }
            if (run.gpu()) {
                throw new PlatformFailure("This deployment's swarm offers no GPU to kernels");
            }
            staged = true;
            Submitted submitted = submit(run, cancellation);
            if (submitted == null) {
                return RunOutcome.notRun(FailureKind.CANCELLED, FailureMessages.cancelled(), null, null);
            }
            serviceId = submitted.serviceId();
            guarded.started(serviceId, Instant.now().truncatedTo(ChronoUnit.MILLIS));
            return supervise(api(), run, serviceId, guarded, cancellation, 0, submitted.imageDigest());
        } catch (RuntimeException | IOException | InterruptedException e) {
            return platformFailure(e, serviceId);
        } finally {
            if (staged) {
                cleanUp(run, serviceId);
            }
        }
    }

    /** A run's service on the swarm, and the image it runs by digest. */
    record Submitted(String serviceId, String imageDigest) {
    }

    /**
     * Stages the run's inputs and creates its service (which the swarm then places and starts); null when the run was
     * cancelled first. {@code run}'s limits are already enforced.
     */
    Submitted submit(RunSpec run, Cancellation cancellation) throws IOException, InterruptedException {
        SwarmApi swarm = api();
        JsonNode image = swarm.image(run.image())
                .orElseThrow(() -> PlatformFailure.imageMissing(run.image(), "the swarm's manager", null));
        long stagedBytes = staging.putInputs(run);
        Map<String, String> labels = settings.labels(run);
        String name = serviceName(run);
        Map<String, Object> secret = new LinkedHashMap<>(staging.presignedUrls(run.runId(), target().storeEndpoint(),
                config.urlValidity()));
        secret.put("graceSeconds", run.limits().stopGrace().toSeconds());
        String secretId = swarm.createSecret(name, json.writeValueAsBytes(secret), labels);
        if (cancellation.isCancelled()) {
            return null;
        }
        String serviceId = swarm.createService(SwarmServiceSpec.of(swarm, run, name, image.path("Id").asText(), labels,
                settings.env(run), runnerConfigs(swarm), secretId, name, stagedBytes, runs.platformMax().asLongValue(),
                config.uploadGrace(), runConstraints()));
        return new Submitted(serviceId, digestOf(image));
    }

    @Override
    public RunOutcome reattach(RunSpec spec, String jobId, Instant runStartedAt, double logsAfterSeconds,
                               RunListener listener, Cancellation cancellation) {
        RunSpec run = spec.withLimits(policy.enforce(spec.limits()));
        try {
            SwarmApi swarm = api();
            Optional<JsonNode> service = swarm.service(jobId);
            if (service.isEmpty()) {
                return RunOutcome.notRun(FailureKind.PLATFORM, FailureMessages.serviceGone(jobId), jobId, null);
            }
            String imageId = service.get().path("Spec").path("TaskTemplate").path("ContainerSpec").path("Image").asText();
            String digest = swarm.image(imageId).map(this::digestOf).orElse(imageId);
            return supervise(swarm, run, jobId, new GuardedListener(listener, spec.runId()), cancellation,
                    logsAfterSeconds, digest);
        } catch (RuntimeException | IOException | InterruptedException e) {
            return platformFailure(e, jobId);
        } finally {
            cleanUp(run, jobId);
        }
    }

    @Override
    public JobState state(String jobId) {
        SwarmApi swarm = api();
        if (swarm.service(jobId).isEmpty()) {
            return JobState.GONE;
        }
        return SwarmTask.latest(swarm, jobId).map(task -> SwarmTask.ENDED.contains(SwarmTask.state(task)) ? JobState.ENDED : JobState.RUNNING)
                .orElse(JobState.RUNNING);
    }

    /** The swarm's nodes by name ({@link #NODE_LABEL}, else host name), with their state: for operators and tests. */
    public Map<String, String> nodes() {
        return connection.nodes();
    }

    /** Follows the service's task to its end, stopping it at the deadline, on cancel or when its node goes down. */
    private RunOutcome supervise(SwarmApi swarm, RunSpec run, String serviceId, RunListener listener,
                                 Cancellation cancellation, double logsAfterSeconds, String digest)
            throws InterruptedException, IOException {
        RunLimits limits = run.limits();
        SwarmTask watch = new SwarmTask();
        AtomicBoolean cancelled = new AtomicBoolean();
        Runnable unregister = cancellation.onCancel(() -> cancelled.set(true));
        // log offsets count from the service's creation: known at once and the same after a restart
        Instant created = swarm.service(serviceId).map(s -> OutcomeClassifier.instant(s.path("CreatedAt").asText()))
                .orElse(Instant.now());
        LogAssembler assembler = new LogAssembler(created, limits.logMaxBytes(), logsAfterSeconds, listener);
        try (SwarmLogs logs = new SwarmLogs(swarm.docker(), serviceId, assembler).start()) {
            while (true) {
                if (cancelled.get()) {
                    watch.stop(FailureKind.CANCELLED, FailureMessages.cancelled());
                    break;
                }
                Optional<JsonNode> task = SwarmTask.latest(swarm, serviceId);
                if (task.isEmpty() && swarm.service(serviceId).isEmpty()) {
                    watch.stop(FailureKind.PLATFORM, FailureMessages.serviceGone(serviceId));
                    break;
                }
                if (task.isPresent() && watch.observe(task.get(), swarm, connection::nodeName, listener)) {
                    break;
                }
                if (watch.nodeDownFor().compareTo(config.nodeDownAfter()) > 0) {
                    watch.stop(FailureKind.PLATFORM, FailureMessages.nodeLost(watch.node));
                    break;
                }
                Instant from = watch.runningSince == null ? created : watch.runningSince;
                if (Instant.now().isAfter(from.plus(limits.timeout()))) {
                    watch.stop(FailureKind.TIMEOUT, FailureMessages.timeout(limits.timeout()));
                    break;
                }
                Thread.sleep(POLL_MILLIS);
            }
            if (watch.reason != null && watch.reason != FailureKind.PLATFORM) {
                LOG.infof("Stopping swarm service %s: %s", FailureMessages.shortId(serviceId), watch.reasonMessage);
                staging.requestStop(run.runId(), watch.reason.id()); // the stager: SIGTERM, the grace, SIGKILL, upload
                awaitEnd(swarm, serviceId, watch, listener, limits.stopGrace().plus(config.uploadGrace()).plusSeconds(10));
            }
            logs.finish(watch.reason != FailureKind.PLATFORM);
        } finally {
            unregister.run();
        }
        LOG.debugf("Swarm service %s ended: task %s, exit %d, %s; stopped for %s", FailureMessages.shortId(serviceId),
                watch.state, watch.exitCode, watch.error, watch.reason);
        boolean nodeLost = watch.reason == FailureKind.PLATFORM;
        Optional<SwarmOutcomes.StagerResult> result = outcomes.awaitResult(run, nodeLost ? Duration.ZERO : Duration.ofSeconds(10));
        try {
            return outcomes.classify(run, serviceId, digest, watch, result);
        } finally {
            if (!nodeLost) {
                connection.removeContainer(watch.node, watch.containerId);
            }
        }
    }

    /**
     * Waits for the task the engine asked to stop to end (its stager uploads first), still observing it: a run
     * stopped before the engine saw its container must still have that container removed afterwards.
     */
    private void awaitEnd(SwarmApi swarm, String serviceId, SwarmTask watch, RunListener listener, Duration patience)
            throws InterruptedException {
        Instant until = Instant.now().plus(patience);
        while (Instant.now().isBefore(until)) {
            Optional<JsonNode> task = SwarmTask.latest(swarm, serviceId);
            if (task.isEmpty() || watch.observe(task.get(), swarm, connection::nodeName, listener)) {
                return;
            }
            Thread.sleep(POLL_MILLIS);
        }
        LOG.warnf("The task of swarm service %s did not end within %s of the stop request", serviceId, patience);
    }

    private String digestOf(JsonNode image) {
        JsonNode repoDigests = image.path("RepoDigests");
        return repoDigests.isArray() && !repoDigests.isEmpty() ? repoDigests.get(0).asText() : image.path("Id").asText();
    }

    private List<String> runConstraints() {
        return config.runConstraints().stream().flatMap(c -> java.util.Arrays.stream(c.split(",")))
                .map(String::trim).filter(c -> !c.isEmpty()).toList();
    }

    /** The runner scripts and the stager as swarm configs, named by their content's hash (made once, shared). */
    private List<SwarmServiceSpec.ConfigFile> runnerConfigs(SwarmApi swarm) {
        List<SwarmServiceSpec.ConfigFile> configs = new ArrayList<>();
        for (Map.Entry<String, byte[]> file : runners.files().entrySet()) {
            String name = "kf-runner-" + sha256(file.getValue()).substring(0, 16) + "-"
                    + file.getKey().replaceAll("[^A-Za-z0-9_.-]", "_");
            String id = swarm.config(name, file.getValue(), Map.of(ContainerSettings.RUN_LABEL + ".runner", "true"));
            configs.add(new SwarmServiceSpec.ConfigFile(RunnerScripts.DIRECTORY + "/" + file.getKey(), id, name));
        }
        return configs;
    }

    private static String sha256(byte[] data) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Service and secret name: the container name a local run would have, within the swarm's 63 characters. */
    private static String serviceName(RunSpec run) {
        String name = run.containerName();
        return name.length() <= 63 ? name : name.substring(0, 63);
    }

    /** Removes the service, its secret and its staged files; a run never leaves them behind. */
    private void cleanUp(RunSpec run, String serviceId) {
        connection.removeService(serviceId, serviceName(run), run.runId());
        staging.delete(run.runId());
    }

    private RunOutcome platformFailure(Exception e, String serviceId) {
        String message;
        if (e instanceof PlatformFailure) {
            message = e.getMessage();
        } else if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            message = "The server stopped while the run was in progress";
        } else {
            LOG.warnf(e, "Run on swarm service %s failed on the platform", serviceId);
            message = FailureMessages.causedByIo(e)
                    ? "The swarm manager or the object store was out of reach, so the run could not be run; commit again"
                    : "The swarm failed while running the kernel: " + e.getMessage();
        }
        FailureKind kind = e instanceof PlatformFailure failure ? failure.kind() : FailureKind.PLATFORM;
        return RunOutcome.notRun(kind, message, serviceId, null);
    }

    SwarmApi api() {
        return connection.api();
    }

    SwarmTarget target() {
        return connection.target();
    }
}
