package org.kernelforge.sessions;

import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.identity.Account;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.kernels.SessionInputs;
import org.kernelforge.kernels.SessionInputs.SessionKernel;
import org.kernelforge.runs.Language;
import org.kernelforge.runs.SessionEnd;

import java.util.List;

/** The caller's kernels: start, look up, interrupt, restart, stop. Another user's kernel is never found (404). */
@ApplicationScoped
class SessionService {

    private final CurrentUser current;
    private final SessionRegistry registry;
    private final SessionStarter starter;
    private final SessionInputs inputs;
    private final SessionsConfig config;

    SessionService(CurrentUser current, SessionRegistry registry, SessionStarter starter, SessionInputs inputs,
                   SessionsConfig config) {
        this.current = current;
        this.registry = registry;
        this.starter = starter;
        this.inputs = inputs;
        this.config = config;
    }

    /**
     * Starts a kernel of the kernelspec {@code name} ({@code python3} or {@code ir}; blank means the language of the
     * kernel named by {@code path}, else python3) with the inputs and environment of the kernel named by {@code path}
     * ("owner/slug"), or with none when the path names no kernel.
     */
    KernelSession start(String name, String path) {
        Account caller = current.require();
        Language asked = KernelModel.language(name);
        starter.checkLimits(caller);
        SessionKernel kernel = KernelPaths.parse(path).map(ref -> inputs.forKernel(ref.owner(), ref.slug(), asked))
                .orElseGet(() -> inputs.none(asked == null ? Language.PYTHON : asked));
        return starter.start(caller, kernel);
    }

    /** The caller's kernels on every replica. */
    List<KernelModel> mine() {
        return registry.modelsOf(current.require().id());
    }

    KernelSession mine(String id) {
        return registry.owned(id, current.require().id());
    }

    KernelModel model(KernelSession session) {
        return KernelModel.of(session, config.idleTimeout());
    }

    void interrupt(String id) {
        mine(id).interrupt();
    }

    KernelSession restart(String id) {
        KernelSession session = mine(id);
        session.restart();
        return session;
    }

    void stop(String id) {
        mine(id).stop(new SessionEnd("stopped", "It was shut down"));
    }
}
