package org.kernelforge.sessions;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;
import org.kernelforge.identity.Account;
import org.kernelforge.kernels.SessionInputs.SessionKernel;
import org.kernelforge.platform.Installation;
import org.kernelforge.platform.PlatformConfig;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.runs.LiveSession;
import org.kernelforge.runs.RunDirectories;
import org.kernelforge.runs.RunLimits;
import org.kernelforge.runs.RunLimitsPolicy;
import org.kernelforge.runs.SessionContainers;
import org.kernelforge.runs.SessionEnd;
import org.kernelforge.runs.SessionShape;
import org.kernelforge.runs.SessionSpec;
import org.kernelforge.runs.WorkingDirectories;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * Starts a session: holds its place under the limits, makes its working directory, starts its container with the
 * kernel's image and inputs, and cleans up after it when it ends, whatever ended it.
 */
@ApplicationScoped
class SessionStarter {

    private static final Logger LOG = Logger.getLogger(SessionStarter.class);
    private static final Map<String, String> ENV = Map.of("KAGGLE_KERNEL_RUN_TYPE", "Interactive");

    private final SessionRegistry registry;
    private final Instance<SessionContainers> containers;
    private final WorkingDirectories directories;
    private final RunLimitsPolicy policy;
    private final SessionsConfig config;
    private final Installation installation;
    private final Path root;
    private final ExecutorService cleanup = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "session-cleanup");
        t.setDaemon(true);
        return t;
    });

    SessionStarter(SessionRegistry registry, Instance<SessionContainers> containers, WorkingDirectories directories,
                   RunLimitsPolicy policy, SessionsConfig config, Installation installation, PlatformConfig platform) {
        this.registry = registry;
        this.containers = containers;
        this.directories = directories;
        this.policy = policy;
        this.config = config;
        this.installation = installation;
        this.root = platform.dataDir().toAbsolutePath().resolve("sessions");
    }

    /** Whether this server can run sessions at all (the engine side is present). */
    boolean available() {
        return containers.isResolvable();
    }

    /** Refuses early (409/503) when the caller may not start a session now, before any input is put on the host. */
    void checkLimits(Account caller) {
        if (!available()) {
            throw ProblemException.unavailable("Interactive sessions are not available on this server");
        }
        registry.check(caller.id());
    }

    KernelSession start(Account caller, SessionKernel kernel) {
        if (!available()) {
            throw ProblemException.unavailable("Interactive sessions are not available on this server");
        }
        String id = UUID.randomUUID().toString();
        RunLimits limits = limits();
        Instant now = Instant.now();
        KernelSession.Facts facts = new KernelSession.Facts(id, caller.id(), kernel.ref(), kernel.internet(),
                limits.memoryBytes(), now, now.plus(config.maxLifetime()), kernel.language());
        registry.reserve(facts, folder(id));
        KernelSession started = null;
        RunDirectories dirs = null;
        try {
            dirs = directories.create(folder(id), limits.outputMaxBytes());
            RunDirectories madeDirs = dirs;
            KernelSession session = new KernelSession(facts, s -> ended(s, madeDirs));
            // no per-user label: a container started ahead of time fits anyone's session of the same shape
            SessionSpec spec = new SessionSpec(id, kernel.image(), ENV, kernel.inputs(), dirs.working(), limits,
                    kernel.internet(), installationLabels(), kernel.language());
            LiveSession live = containers.get().start(spec, session);
            session.started(live);
            if (session.hasEnded()) {
                throw ProblemException.unavailable("The kernel ended as it started; try again");
            }
            started = session;
            return session;
        } catch (IOException e) {
            LOG.errorf(e, "could not make a session's working directory");
            throw ProblemException.unavailable("Could not prepare the session's working directory; try again later");
        } catch (IllegalStateException e) {
            LOG.warnf("a session could not start: %s", e.getMessage());
            throw ProblemException.unavailable("The session could not start: " + e.getMessage());
        } finally {
            registry.fill(facts, started);
            if (started == null && dirs != null) {
                release(dirs);
            }
        }
    }

    /** The limits of a session: those of runs (or the sessions' own memory and CPU), living at most the longest lifetime. */
    RunLimits limits() {
        RunLimits runs = policy.defaults();
        return new RunLimits(config.memory().map(m -> m.asLongValue()).orElse(runs.memoryBytes()),
                config.cpus().orElse(runs.cpus()), runs.pids(), runs.shmBytes(), runs.scratchBytes(),
                config.maxLifetime(), runs.stopGrace(), runs.outputMaxBytes(), runs.logMaxBytes());
    }

    /** Asks the engine to keep a container of the default session (default image and limits) ready. */
    void keepDefaultReady(String defaultImage) {
        SessionSpec typical = new SessionSpec("typical", defaultImage, ENV, List.of(), root, limits(), false,
                installationLabels());
        containers.get().keepReady(SessionShape.of(typical));
    }

    /** The labels by which this server finds its own session containers after a restart. */
    Map<String, String> installationLabels() {
        return Map.of(Installation.LABEL, installation.id());
    }

    /**
     * Removes the folder of a session another replica ran and left when it died, when it is on this host (replicas on
     * one host, or a shared data dir); a folder elsewhere is not there to remove.
     */
    void removeFolderLeftBy(Path folder) {
        try {
            directories.removeRunFolder(folder);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Could not remove the session folder %s of a stopped replica: %s", folder, e.getMessage());
        }
    }

    /** Removes the folders of sessions of an earlier server process (unmounting what is mounted in them). */
    void removeLeftoverFolders() {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> folders = Files.list(root)) {
            for (Path folder : folders.toList()) {
                directories.removeRunFolder(folder);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Could not remove old session folders under %s: %s", root, e.getMessage());
        }
    }

    private Path folder(String id) {
        return root.resolve(id);
    }

    private void ended(KernelSession session, RunDirectories dirs) {
        registry.ended(session, describe(session));
        release(dirs);
    }

    private static String describe(KernelSession session) {
        SessionEnd end = session.end();
        return end == null || end.detail() == null ? "it was stopped" : end.detail();
    }

    private void release(RunDirectories dirs) {
        cleanup.execute(() -> {
            try {
                directories.release(dirs);
            } catch (IOException | RuntimeException e) {
                LOG.warnf("could not remove the session folder %s: %s", dirs.root(), e.getMessage());
            }
        });
    }
}
