package org.kernelforge.environments;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a build's log says in apt's words: the download size, its errors, how far the install got. */
public final class AptOutput {

    private static final Pattern NEED_TO_GET = Pattern.compile("Need to get (?:[0-9.,]+ [kMG]?B/)?([0-9.,]+) ([kMG]?B) of archives");
    private static final Pattern NEWLY_INSTALLED = Pattern.compile("(\\d+) newly installed");

    private AptOutput() {
    }

    /** apt's "Need to get 1,234 kB of archives", in bytes (apt counts 1 kB as 1000 bytes). */
    public static Optional<Long> downloadBytes(String log) {
        Matcher m = NEED_TO_GET.matcher(log);
        if (!m.find()) {
            return Optional.empty();
        }
        BigDecimal amount = new BigDecimal(m.group(1).replace(",", ""));
        long unit = switch (m.group(2)) {
            case "kB" -> 1_000L;
            case "MB" -> 1_000_000L;
            case "GB" -> 1_000_000_000L;
            default -> 1L;
        };
        return Optional.of(amount.multiply(BigDecimal.valueOf(unit)).longValue());
    }

    /** apt's error lines ("E: Unable to locate package foo"), the reason a person needs when a build fails. */
    public static List<String> errors(String log) {
        return log.lines().map(String::strip).filter(line -> line.startsWith("E: ")).distinct().toList();
    }

    /** How far an install is: packages set up out of those apt said it would install (0 of 0 before it says). */
    public record Progress(int setUp, int total) {

        public int percent() {
            return total == 0 ? 0 : Math.min(100, setUp * 100 / total);
        }
    }

    public static Progress progress(String log) {
        Matcher m = NEWLY_INSTALLED.matcher(log);
        int total = m.find() ? Integer.parseInt(m.group(1)) : 0;
        int setUp = (int) log.lines().filter(line -> line.startsWith("Setting up ")).count();
        return new Progress(setUp, total);
    }
}
