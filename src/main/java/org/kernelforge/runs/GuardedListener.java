package org.kernelforge.runs;

import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicBoolean;

/** Shields a run from its listener: exceptions are logged once per run and otherwise ignored. */
final class GuardedListener implements RunListener {

    private static final Logger LOG = Logger.getLogger(GuardedListener.class);

    private final RunListener delegate;
    private final String runId;
    private final AtomicBoolean warned = new AtomicBoolean();

    GuardedListener(RunListener delegate, String runId) {
        this.delegate = delegate == null ? RunListener.NONE : delegate;
        this.runId = runId;
    }

    @Override
    public void started(String containerId, java.time.Instant startedAt) {
        try {
            delegate.started(containerId, startedAt);
        } catch (RuntimeException e) {
            warn(e);
        }
    }

    @Override
    public void placed(String node) {
        try {
            delegate.placed(node);
        } catch (RuntimeException e) {
            warn(e);
        }
    }

    @Override
    public void line(LogLine line) {
        try {
            delegate.line(line);
        } catch (RuntimeException e) {
            warn(e);
        }
    }

    private void warn(RuntimeException e) {
        if (warned.compareAndSet(false, true)) {
            LOG.warnf(e, "The listener of run %s failed; the run goes on (further listener errors are not logged)", runId);
        }
    }
}
