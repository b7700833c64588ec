package org.kernelforge.kernels;

import org.kernelforge.runs.Language;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The hash of everything that decides what a version computes: kernel type and language, source, image digest,
 * exact input versions, limits and network policy. Two versions with the same fingerprint are the
 * same computation.
 */
final class Fingerprint {

    private Fingerprint() {
    }

    static String of(KernelVersion v, List<ResolvedInput> inputs) {
        StringBuilder text = new StringBuilder()
                .append("type ").append(v.kernelType).append('\n')
                // Python versions hash as they did before R kernels, so their fingerprints stay comparable
                .append(Language.PYTHON.id().equals(v.language) ? "" : "language " + v.language + "\n")
                .append("source ").append(v.sourceSha256).append('\n')
                .append("image ").append(v.imageDigest).append('\n')
                .append("memory ").append(v.memoryBytes).append('\n')
                .append("cpus ").append(v.cpus).append('\n')
                .append("pids ").append(v.pidsLimit).append('\n')
                .append("timeout ").append(v.timeoutSeconds).append('\n')
                .append("output ").append(v.outputMaxBytes).append('\n')
                .append("internet ").append(v.enableInternet).append('\n')
                .append("gpu ").append(v.enableGpu).append('\n');
        inputs.stream().map(ResolvedInput::line).sorted().forEach(line -> text.append("input ").append(line).append('\n'));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
