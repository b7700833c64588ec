package org.kernelforge.runs;

import com.github.dockerjava.api.DockerClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

@Readiness
@ApplicationScoped
public class DockerHealthCheck implements HealthCheck {

    private final DockerClient docker;
    private final DockerConfig config;

    public DockerHealthCheck(DockerClient docker, DockerConfig config) {
        this.docker = docker;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            docker.pingCmd().exec();
            return HealthCheckResponse.named("docker-engine").up().withData("host", config.host()).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("docker-engine").down()
                    .withData("host", config.host())
                    .withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
