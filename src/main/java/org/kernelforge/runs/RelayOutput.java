package org.kernelforge.runs;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import org.jboss.logging.Logger;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * What a session's relay writes, from the engine's attach stream (stdout and stderr frames, no TTY): stdout cut into
 * lines (one JSON object each, bytes joined across frames before decoding), stderr lines logged. Runs on the engine
 * client's thread, which must not block for long.
 */
final class RelayOutput extends ResultCallback.Adapter<Frame> {

    private static final Logger LOG = Logger.getLogger(RelayOutput.class);
    private static final int MAX_DIAGNOSTIC = 4096;

    private final String sessionId;
    private final Consumer<String> lines;
    private final Consumer<Throwable> ended;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream(8192);
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream(256);

    /**
     * @param lines each stdout line, in order
     * @param ended once, when the stream ends: null when the container's output ended, else the failure
     */
    RelayOutput(String sessionId, Consumer<String> lines, Consumer<Throwable> ended) {
        this.sessionId = sessionId;
        this.lines = lines;
        this.ended = ended;
    }

    @Override
    public void onNext(Frame frame) {
        byte[] payload = frame.getPayload();
        if (payload == null) {
            return;
        }
        if (frame.getStreamType() == StreamType.STDERR) {
            split(payload, stderr, line -> LOG.infof("session %s: %s", sessionId,
                    line.length() > MAX_DIAGNOSTIC ? line.substring(0, MAX_DIAGNOSTIC) + "..." : line));
        } else {
            split(payload, stdout, lines);
        }
    }

    private static void split(byte[] payload, ByteArrayOutputStream pending, Consumer<String> to) {
        int start = 0;
        for (int i = 0; i < payload.length; i++) {
            if (payload[i] == '\n') {
                String line;
                if (pending.size() == 0) {
                    line = new String(payload, start, i - start, StandardCharsets.UTF_8);
                } else {
                    pending.write(payload, start, i - start);
                    line = pending.toString(StandardCharsets.UTF_8);
                    pending.reset();
                }
                if (!line.isBlank()) {
                    to.accept(line);
                }
                start = i + 1;
            }
        }
        pending.write(payload, start, payload.length - start);
    }

    @Override
    public void onError(Throwable throwable) {
        try {
            super.onError(throwable);
        } finally {
            ended.accept(throwable);
        }
    }

    @Override
    public void onComplete() {
        try {
            super.onComplete();
        } finally {
            ended.accept(null);
        }
    }
}
