package org.kernelforge.kernels;

import org.kernelforge.web.AnsiText;

import java.util.List;
import java.util.Locale;

/**
 * One log line as the version page shows it: its stream, the time since the run started ("12.3s", as
 * Kaggle's log shows it) and its text as HTML with the kernel's ANSI colours kept.
 */
public record LogLineView(String stream, String time, String html) {

    static LogLineView of(LogBook.Entry entry) {
        return new LogLineView(entry.streamName(), String.format(Locale.ROOT, "%.1fs", entry.time()),
                AnsiText.toHtml(entry.data()));
    }

    /** The log as plain text: each line as the kernel printed it, without escape codes. */
    static String plain(List<LogBook.Entry> entries) {
        StringBuilder text = new StringBuilder();
        for (LogBook.Entry entry : entries) {
            text.append(AnsiText.strip(entry.data())).append('\n');
        }
        return text.toString();
    }
}
