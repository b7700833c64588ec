package org.kernelforge.competitions;

import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.competitions.CompetitionViews.CodeRunView;
import org.kernelforge.competitions.CompetitionViews.HiddenDataInfo;
import org.kernelforge.competitions.CompetitionViews.HiddenFileInfo;
import org.kernelforge.kernels.ScoringReruns;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.runs.RunLimits;
import org.kernelforge.runs.RunLimitsPolicy;

import java.util.List;
import java.util.Locale;

/**
 * The settings of a code competition: its kind, the file its reruns must write, and their limits (time, memory,
 * GPU). Limits not set are the deployment's defaults for runs.
 */
@ApplicationScoped
class CodeCompetitionSettings {

    private static final long MIN_MEMORY = 32L << 20;
    private static final long MAX_MEMORY = 1L << 40;

    private final RunLimitsPolicy policy;

    CodeCompetitionSettings(RunLimitsPolicy policy) {
        this.policy = policy;
    }

    void apply(Competition c, CompetitionRequest r) {
        if (r.kind() != null) {
            c.kind = r.kind().strip();
        }
        if (r.submissionFile() != null) {
            c.submissionFile = r.submissionFile();
        }
        CompetitionRequest.CodeRunRequest run = r.codeRun();
        if (run == null) {
            return;
        }
        if (!c.isCode()) {
            throw ProblemException.badRequest("codeRun", "codeRun sets the limits of a code competition's scoring "
                    + "reruns; send \"kind\": \"code\" with it, or leave it out");
        }
        if (run.timeoutSeconds() != null) {
            c.codeTimeoutSeconds = run.timeoutSeconds();
        }
        if (run.memory() != null) {
            c.codeMemoryBytes = memory(run.memory().strip());
        }
        if (run.gpu() != null) {
            c.codeGpu = run.gpu();
        }
    }

    /** The limits a rerun of this competition gets. */
    ScoringReruns.Limits limits(Competition c) {
        RunLimits defaults = policy.defaults();
        int timeout = c.codeTimeoutSeconds != null ? c.codeTimeoutSeconds : (int) defaults.timeout().toSeconds();
        long memory = c.codeMemoryBytes != null ? c.codeMemoryBytes : defaults.memoryBytes();
        return new ScoringReruns.Limits(timeout, memory, c.codeGpu);
    }

    CodeRunView view(Competition c) {
        if (!c.isCode()) {
            return null;
        }
        ScoringReruns.Limits limits = limits(c);
        return new CodeRunView(limits.timeoutSeconds(), format(limits.memoryBytes()), limits.gpu());
    }

    /** The hidden data's file list, for organizers; null for others and for file competitions. */
    static HiddenDataInfo hiddenData(Competition c, boolean organizer) {
        if (!organizer || !c.isCode()) {
            return null;
        }
        long rerunning = Submission.count("competitionId = ?1 and result.status in ?2", c.id,
                List.of(SubmissionStatus.QUEUED, SubmissionStatus.RERUNNING, SubmissionStatus.SCORING));
        return new HiddenDataInfo(HiddenFile.of(c.id).stream().map(f -> new HiddenFileInfo(f.path, f.size)).toList(),
                c.hiddenDataUploadedAt, c.hiddenDataRevision, rerunning);
    }

    /** "2G", "512M", "64k" or a byte count, as KF_RUNS_MEMORY is written. */
    private static long memory(String text) {
        char unit = Character.toUpperCase(text.charAt(text.length() - 1));
        long shift = switch (unit) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            default -> 0;
        };
        long number = Long.parseLong(shift == 0 ? text : text.substring(0, text.length() - 1));
        long bytes = number << shift;
        if (bytes < MIN_MEMORY || bytes > MAX_MEMORY) {
            throw ProblemException.badRequest("codeRun", "codeRun.memory '" + text + "' is outside 32M to 1024G");
        }
        return bytes;
    }

    private static String format(long bytes) {
        for (String unit : new String[]{"G", "M", "K"}) {
            long size = 1L << (unit.equals("G") ? 30 : unit.equals("M") ? 20 : 10);
            if (bytes % size == 0) {
                return (bytes / size) + unit;
            }
        }
        return String.valueOf(bytes).toUpperCase(Locale.ROOT);
    }
}
