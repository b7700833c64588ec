package org.kernelforge.competitions;

import io.quarkus.qute.TemplateExtension;

import java.util.Locale;

/** Scores on pages: five decimals, as Kaggle shows them (the CSV downloads and the API keep every digit). */
@TemplateExtension
public class ScoreFormat {

    private ScoreFormat() {
    }

    public static String shown(Double score) {
        return score == null ? "" : String.format(Locale.ROOT, "%.5f", score);
    }

    public static String shown(double score) {
        return String.format(Locale.ROOT, "%.5f", score);
    }
}
