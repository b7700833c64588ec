package org.kernelforge.runs;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Set;

/**
 * The dedicated network of kernels with internet access. Never the host network: that would
 * expose the platform's database and object store. Created as a bridge network if missing, only
 * when the deployment enables internet (an engine with an egress policy).
 */
@ApplicationScoped
public class InternetNetwork {

    private static final Set<String> FORBIDDEN = Set.of("host", "none", "bridge", "default");

    private final DockerClient docker;
    private final RunsConfig config;

    public InternetNetwork(DockerClient docker, RunsConfig config) {
        this.docker = docker;
        this.config = config;
    }

    /** Makes sure the network exists; throws {@link PlatformFailure} when internet is not offered. */
    void ensureAvailable() {
        String name = config.internet().network();
        if (!config.internet().enabled() || FORBIDDEN.contains(name)) {
            throw new PlatformFailure(FailureMessages.NO_INTERNET);
        }
        try {
            Network network = docker.inspectNetworkCmd().withNetworkId(name).exec();
            if ("host".equals(network.getDriver()) || "null".equals(network.getDriver())) {
                throw new PlatformFailure(FailureMessages.NO_INTERNET + " (network " + name + " is not a bridge)");
            }
        } catch (NotFoundException missing) {
            try {
                docker.createNetworkCmd().withName(name).withDriver("bridge")
                        .withLabels(Map.of("org.kernelforge.network", "internet")).exec();
            } catch (RuntimeException e) {
                throw new PlatformFailure(FailureMessages.NO_INTERNET + " (" + e.getMessage() + ")", e);
            }
        }
    }
}
