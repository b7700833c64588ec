package org.kernelforge.runs;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Info;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What this deployment can give a run besides CPU and memory: a GPU (the Docker engine has the NVIDIA runtime, or the
 * configuration says so) and internet access (the configuration enables it). Each "no" comes with the sentence users
 * read, so the editor can say why a setting is off and a push asking for it can be refused before it costs a version.
 */
@ApplicationScoped
public class EngineCapabilities {

    private static final Logger LOG = Logger.getLogger(EngineCapabilities.class);

    /** What the deployment offers; {@code reasons} says why, for each capability that is false. */
    public record Offer(boolean gpu, boolean internet, Map<String, String> reasons) {
    }

    private final DockerClient docker;
    private final RunsConfig config;
    private volatile Boolean detectedGpu;

    public EngineCapabilities(DockerClient docker, RunsConfig config) {
        this.docker = docker;
        this.config = config;
    }

    public Offer offer() {
        Map<String, String> reasons = new LinkedHashMap<>();
        boolean gpu = gpu();
        boolean internet = internet();
        if (!gpu) {
            reasons.put("gpu", FailureMessages.NO_GPU);
        }
        if (!internet) {
            reasons.put("internet", FailureMessages.NO_INTERNET + ": kernels run without network access");
        }
        return new Offer(gpu, internet, reasons);
    }

    public boolean internet() {
        return config.internet().enabled();
    }

    public boolean gpu() {
        return config.gpu().available().orElseGet(this::engineHasGpuRuntime);
    }

    /** Asked once: the engine's runtimes change only when it is reconfigured and restarted. */
    private boolean engineHasGpuRuntime() {
        Boolean known = detectedGpu;
        if (known != null) {
            return known;
        }
        try {
            Info info = docker.infoCmd().exec();
            boolean gpu = info.getRuntimes() != null && info.getRuntimes().containsKey("nvidia");
            detectedGpu = gpu;
            return gpu;
        } catch (RuntimeException e) {
            LOG.warnf("Could not ask the Docker engine for its runtimes (%s); GPUs are not offered", e.getMessage());
            return false;
        }
    }
}
