package org.kernelforge.runs;

import com.github.dockerjava.api.DockerClient;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the Docker engine answers, and the end of an outage: every two seconds the engine is pinged, and when it
 * answers again after it was seen out of reach (by this check, by {@link #reachable()}, or by a run it cut short)
 * {@link EngineReturned} is fired. Containers whose removal failed while it was away are removed each time it answers.
 */
@ApplicationScoped
public class DockerEngineWatch {

    private static final Logger LOG = Logger.getLogger(DockerEngineWatch.class);

    private final DockerClient docker;
    private final DockerConfig config;
    private final RunContainers containers;
    private final Event<EngineReturned> returned;
    /** Set when the engine was seen out of reach; cleared, and the event fired, when the check finds it back. */
    private final AtomicBoolean outage = new AtomicBoolean();

    public DockerEngineWatch(DockerClient docker, DockerConfig config, RunContainers containers,
                             Event<EngineReturned> returned) {
        this.docker = docker;
        this.config = config;
        this.containers = containers;
        this.returned = returned;
    }

    /** Whether the engine answers a ping now. */
    public boolean reachable() {
        try {
            docker.pingCmd().exec();
            return true;
        } catch (RuntimeException e) {
            if (outage.compareAndSet(false, true)) {
                LOG.warnf("The Docker engine is out of reach (%s); queued runs wait for it", e.getMessage());
            }
            return false;
        }
    }

    /**
     * Whether the engine accepts a new connection now. A stopping engine closes its socket first and then stops every
     * container, while the connections the client keeps open still answer: a container it stopped looks, through
     * them, like a kernel that died of SIGTERM or SIGKILL. Only a new connection tells. True for addresses it cannot
     * try (a Windows pipe).
     */
    boolean acceptsConnections() {
        URI host = URI.create(config.host());
        try {
            switch (host.getScheme()) {
                case "unix" -> {
                    try (SocketChannel ignored = SocketChannel.open(UnixDomainSocketAddress.of(host.getPath()))) {
                        return true;
                    }
                }
                case "tcp", "http", "https" -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress(host.getHost(), host.getPort()), 2000);
                        return true;
                    }
                }
                default -> {
                    return true;
                }
            }
        } catch (IOException refused) {
            outageSeen();
            return false;
        }
    }

    /**
     * Whether the engine, going down, stopped the container that ended in {@code state}: it died of SIGTERM or SIGKILL
     * (not of its memory limit) and the engine no longer accepts connections.
     */
    boolean stoppedIt(com.github.dockerjava.api.command.InspectContainerResponse.ContainerState state) {
        Long exitCode = state.getExitCodeLong();
        boolean signalled = exitCode != null && (exitCode == 143 || exitCode == 137);
        return signalled && !Boolean.TRUE.equals(state.getOOMKilled()) && !acceptsConnections();
    }

    /** A run lost its engine mid-way: the engine may already be back (a quick restart), and still must be cleaned up after. */
    void outageSeen() {
        outage.set(true);
    }

    @Scheduled(every = "2s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void check() {
        if (!reachable()) {
            return;
        }
        if (outage.compareAndSet(true, false)) {
            LOG.info("The Docker engine answers again; removing what its outage left behind");
            try {
                returned.fire(new EngineReturned(Instant.now()));
            } catch (RuntimeException e) {
                outage.set(true); // tried again at the next check
                LOG.warnf(e, "Cleaning up after the Docker engine's outage failed; trying again");
            }
        }
        containers.retryFailedRemovals();
    }
}
