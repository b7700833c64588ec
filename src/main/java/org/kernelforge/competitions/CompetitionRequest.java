package org.kernelforge.competitions;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.validation.groups.Default;

import org.kernelforge.platform.StrippedLength;

import java.util.List;

/**
 * The settings of a competition as an organizer sends them: all of them to create (POST, checked with
 * {@link Creation}), any of them to change (PATCH; absent fields keep their value, the slug never changes).
 * Rules that need the database or the stored competition (the dataset version exists, the slug is free, a metric
 * fits the stored columns) are checked by {@link CompetitionSettings}.
 *
 * @param dataset          the public data, "owner/slug/N"
 * @param metric           a built-in metric id, or "custom" for an uploaded scoring program
 * @param scoringDirection "maximize" or "minimize"; only for custom scoring (built-in metrics know theirs)
 * @param metricK          K of map_at_k (default 5)
 * @param maxTeamSize      the most members a team may have (default 5)
 * @param teamMergerDeadline the last moment teams may merge or change members (default 7 days before the end)
 * @param entryDeadline    the last moment to join (default: the end)
 */
@EndAfterStart
public record CompetitionRequest(
        @NotBlank(groups = Creation.class, message = "'slug' is required")
        @Pattern(regexp = "[a-z0-9][a-z0-9-]{2,49}", message = "The slug '${validatedValue}' must be 3 to 50 lower-case "
                + "letters, digits or dashes, starting with a letter or digit (it becomes /competitions/<slug> and "
                + "/kaggle/input/<slug>)")
        String slug,
        @NotBlank(groups = Creation.class, message = "'title' is required")
        @StrippedLength(min = 1, max = 100, message = "The title must be 1 to 100 characters")
        String title,
        @Size(max = 50_000, message = "The description is longer than {max} characters")
        String description,
        @Size(max = 50_000, message = "The rules are longer than {max} characters")
        String rules,
        @NotBlank(groups = Creation.class, message = "'startTime' is required") @IsoTime
        String startTime,
        @NotBlank(groups = Creation.class, message = "'endTime' is required") @IsoTime
        String endTime,
        @NotBlank(groups = Creation.class, message = "'dataset' is required")
        @Pattern(regexp = "\\s*[a-z0-9][a-z0-9_-]{2,38}/[a-z0-9-]{3,50}/\\d{1,9}\\s*", message = "'${validatedValue}' is "
                + "not a dataset version: write it as \"owner/slug/N\" (N is the version competitors will get)")
        String dataset,
        @NotBlank(groups = Creation.class, message = "'metric' is required") @KnownMetric
        String metric,
        @Pattern(regexp = "\\s*(maximize|minimize)\\s*", message = "scoringDirection is \"maximize\" (higher scores "
                + "rank first) or \"minimize\"")
        String scoringDirection,
        @Min(value = 1, message = "metricK (the K of map_at_k) must be 1 to 1000")
        @Max(value = 1000, message = "metricK (the K of map_at_k) must be 1 to 1000")
        Integer metricK,
        @NotBlank(groups = Creation.class, message = "'idColumn' is required") @ColumnName
        String idColumn,
        @NotEmpty(groups = Creation.class, message = "Name the target column(s) the solution and the submissions have, "
                + "e.g. [\"Survived\"]")
        @Size(max = 1000, message = "At most {max} target columns")
        List<@NotNull(message = "A target column name cannot be null") @ColumnName String> targetColumns,
        @Min(value = 1, message = "dailySubmissionLimit must be 1 to 1000")
        @Max(value = 1000, message = "dailySubmissionLimit must be 1 to 1000")
        Integer dailySubmissionLimit,
        @Min(value = 1, message = "finalSubmissionCount must be 1 to 100")
        @Max(value = 100, message = "finalSubmissionCount must be 1 to 100")
        Integer finalSubmissionCount,
        @DecimalMin(value = "0", inclusive = false, message = "publicFraction is the share of solution rows on the "
                + "public leaderboard: more than 0 and at most 1, e.g. 0.3")
        @DecimalMax(value = "1", message = "publicFraction is the share of solution rows on the public leaderboard: "
                + "more than 0 and at most 1, e.g. 0.3")
        Double publicFraction,
        Long splitSeed,
        @Min(value = 1, message = "maxTeamSize must be 1 to 100")
        @Max(value = 100, message = "maxTeamSize must be 1 to 100")
        Integer maxTeamSize,
        @IsoTime
        String teamMergerDeadline,
        @IsoTime
        String entryDeadline,
        @Pattern(regexp = "\\s*(file|code)\\s*", message = "kind is \"file\" (competitors upload predictions) or \"code\" "
                + "(they submit a kernel version, rerun on the hidden data)")
        String kind,
        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9_.-]{0,99}", message = "submissionFile '${validatedValue}' must be a "
                + "plain file name (letters, digits, '.', '_', '-'; no folders), e.g. submission.csv")
        String submissionFile,
        @Valid
        CodeRunRequest codeRun) {

    /**
     * The limits of a code competition's scoring reruns; absent fields keep their value (the deployment's defaults
     * at first).
     *
     * @param memory as KF_RUNS_MEMORY is written, e.g. "2G" or "512M"
     */
    public record CodeRunRequest(
            @Min(value = 10, message = "codeRun.timeoutSeconds must be 10 to 86400 (seconds)")
            @Max(value = 86_400, message = "codeRun.timeoutSeconds must be 10 to 86400 (seconds)")
            Integer timeoutSeconds,
            @Pattern(regexp = "\\s*\\d{1,6}[KkMmGg]?\\s*", message = "codeRun.memory '${validatedValue}' is written as "
                    + "KF_RUNS_MEMORY is: a number with K, M or G, e.g. \"2G\" or \"512M\"")
            String memory,
            Boolean gpu) {
    }

    /** The checks of a new competition: the {@link Default} ones, and every required field present. */
    public interface Creation extends Default {
    }
}
