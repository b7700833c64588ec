package org.kernelforge.competitions;

import org.kernelforge.competitions.CompetitionViews.ScorePoint;
import org.kernelforge.web.Formats;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The best public score over time as an inline SVG step line, drawn by the server. Its text is only numbers and
 * dates, so it is safe to embed unescaped.
 */
public record ScoreChart(String svg, int points) {

    private static final int W = 640;
    private static final int H = 220;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 16;
    private static final int BOTTOM = 36;

    public static ScoreChart of(List<ScorePoint> points, Instant now) {
        if (points.isEmpty()) {
            return new ScoreChart("", 0);
        }
        long t0 = points.get(0).at().toEpochMilli();
        long t1 = Math.max(now.toEpochMilli(), points.get(points.size() - 1).at().toEpochMilli());
        if (t1 <= t0) {
            t1 = t0 + 1;
        }
        double lo = points.stream().mapToDouble(ScorePoint::score).min().orElse(0);
        double hi = points.stream().mapToDouble(ScorePoint::score).max().orElse(1);
        double pad = hi - lo < 1e-12 ? Math.max(Math.abs(hi) * 0.05, 1e-3) : (hi - lo) * 0.05;
        lo -= pad;
        hi += pad;
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < points.size(); i++) {
            ScorePoint p = points.get(i);
            double x = x(p.at().toEpochMilli(), t0, t1);
            double y = y(p.score(), lo, hi);
            path.append(i == 0 ? "M" : " H").append(fmt(x));
            path.append(i == 0 ? " " + fmt(y) : " V" + fmt(y));
        }
        path.append(" H").append(fmt(W - RIGHT));
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart\" id=\"score-chart\" viewBox=\"0 0 ").append(W).append(' ').append(H)
                .append("\" role=\"img\" aria-labelledby=\"chart-title\" preserveAspectRatio=\"xMidYMid meet\">")
                .append("<title id=\"chart-title\">Best public score over time: from ").append(num(points.get(0).score()))
                .append(" to ").append(num(points.get(points.size() - 1).score())).append("</title>")
                .append(axis(LEFT, TOP, LEFT, H - BOTTOM)).append(axis(LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM))
                .append(label(LEFT - 6, y(hi, lo, hi) + 4, "end", num(hi)))
                .append(label(LEFT - 6, y(lo, lo, hi) + 4, "end", num(lo)))
                .append(label(LEFT, H - BOTTOM + 18, "start", Formats.when(Instant.ofEpochMilli(t0))))
                .append(label(W - RIGHT, H - BOTTOM + 18, "end", Formats.when(Instant.ofEpochMilli(t1))))
                .append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"#1c5fd4\" stroke-width=\"2\"/>");
        for (ScorePoint p : points) {
            svg.append("<circle cx=\"").append(fmt(x(p.at().toEpochMilli(), t0, t1))).append("\" cy=\"")
                    .append(fmt(y(p.score(), lo, hi))).append("\" r=\"3.5\" fill=\"#1c5fd4\"><title>")
                    .append(num(p.score())).append(" · ").append(Formats.when(p.at())).append("</title></circle>");
        }
        svg.append("</svg>");
        return new ScoreChart(svg.toString(), points.size());
    }

    private static double x(long t, long t0, long t1) {
        return LEFT + (double) (t - t0) / (t1 - t0) * (W - LEFT - RIGHT);
    }

    private static double y(double score, double lo, double hi) {
        return TOP + (hi - score) / (hi - lo) * (H - TOP - BOTTOM);
    }

    private static String axis(double x1, double y1, double x2, double y2) {
        return "<line x1=\"" + fmt(x1) + "\" y1=\"" + fmt(y1) + "\" x2=\"" + fmt(x2) + "\" y2=\"" + fmt(y2)
                + "\" stroke=\"#9aa3b2\"/>";
    }

    private static String label(double x, double y, String anchor, String text) {
        return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor
                + "\" font-size=\"11\" fill=\"#5b6475\">" + text + "</text>";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.5g", v);
    }
}
