package org.kernelforge.competitions.scoring;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;
import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scoring benchmark's side-by-side comparison of the engine's hand-written CSV reader with FastCSV, on the same
 * generated submissions in one JVM: reading a submission with each target parsed (the engine's {@link CsvRecords}
 * against FastCSV's callback and record APIs), then parsing its numbers alone ({@link DecimalNumbers}, which is
 * fastdoubleparser behind a syntax check, against Double.parseDouble, from the same bytes). Each figure is the median (and the fastest) of the measured runs after
 * warm-up, the candidates taking turns in each run so that a busy moment of the machine hits them alike; a reading
 * that gives a different sum of the targets than the engine's, or a parser that gives one double different from
 * Double.parseDouble's, is reported as not agreeing.
 */
public final class ParserComparison {

    private static final int WARM_UP = 5;

    private interface Reading {
        double sum(byte[] file) throws Exception;
    }

    private ParserComparison() {
    }

    public static void print(List<Path> submissions, int runs) throws Exception {
        for (Path file : submissions) {
            byte[] bytes = Files.readAllBytes(file);
            Map<String, Reading> readings = new LinkedHashMap<>();
            readings.put("CsvRecords + DecimalNumbers (engine)", ParserComparison::engine);
            readings.put("FastCSV callback + fastdoubleparser", ParserComparison::fastCsvCallback);
            readings.put("FastCSV records + Double.parseDouble", ParserComparison::fastCsvRecords);
            System.out.printf(Locale.ROOT, "%nreading %s (%d bytes) from memory, median of %d runs, ratio to the first line:%n",
                    file.getFileName(), bytes.length, runs);
            time(readings, bytes, runs);

            Fields fields = targets(bytes);
            Map<String, Reading> parsers = new LinkedHashMap<>();
            parsers.put("DecimalNumbers", b -> fields.sum(DecimalNumbers::parse));
            parsers.put("Double.parseDouble(new String)", b -> fields.sum((x, from, to) ->
                    Double.parseDouble(new String(x, from, to - from, StandardCharsets.ISO_8859_1))));
            System.out.printf(Locale.ROOT, "parsing its %d target numbers alone (from the same bytes); DecimalNumbers and Double.parseDouble %s bit for bit:%n",
                    fields.count, fields.agree(DecimalNumbers::parse));
            time(parsers, bytes, runs);
        }
    }

    private static void time(Map<String, Reading> readings, byte[] bytes, int runs) throws Exception {
        Map<String, double[]> times = new LinkedHashMap<>();
        Map<String, Double> sums = new LinkedHashMap<>();
        for (String name : readings.keySet()) {
            times.put(name, new double[runs]);
        }
        for (int i = 0; i < WARM_UP + runs; i++) {
            for (Map.Entry<String, Reading> r : readings.entrySet()) {
                long start = System.nanoTime();
                double sum = r.getValue().sum(bytes);
                double ms = (System.nanoTime() - start) / 1e6;
                if (i >= WARM_UP) {
                    times.get(r.getKey())[i - WARM_UP] = ms;
                }
                sums.put(r.getKey(), sum);
            }
        }
        String first = readings.keySet().iterator().next();
        double base = median(times.get(first));
        double baseMin = Arrays.stream(times.get(first)).min().orElseThrow();
        for (String name : readings.keySet()) {
            double ms = median(times.get(name));
            double min = Arrays.stream(times.get(name)).min().orElseThrow();
            System.out.printf(Locale.ROOT, "  %-45s %7.1f ms %5.2fx   (fastest run %6.1f ms %5.2fx)  %s%n", name, ms, ms / base,
                    min, min / baseMin, Double.compare(sums.get(name), sums.get(first)) == 0 ? "same sum" : "DIFFERENT SUM");
        }
    }

    private static double engine(byte[] file) throws IOException, MalformedCsv {
        CsvRecords csv = new CsvRecords(new ByteArrayInputStream(file), "submission.csv", 8);
        csv.next();
        double sum = 0;
        while (csv.next()) {
            sum += csv.end(0) - csv.start(0);
            sum += DecimalNumbers.parse(csv.bytes(), csv.start(1), csv.end(1));
        }
        return sum;
    }

    private static double fastCsvRecords(byte[] file) throws IOException {
        double sum = 0;
        try (CsvReader<CsvRecord> csv = CsvReader.builder().ofCsvRecord(new ByteArrayInputStream(file), StandardCharsets.UTF_8)) {
            boolean header = true;
            for (CsvRecord r : csv) {
                if (header) {
                    header = false;
                    continue;
                }
                sum += r.getField(0).length();
                sum += Double.parseDouble(r.getField(1));
            }
        }
        return sum;
    }

    private static double fastCsvCallback(byte[] file) throws IOException {
        Summing handler = new Summing();
        try (CsvReader<Void> csv = CsvReader.builder().build(handler, new ByteArrayInputStream(file), StandardCharsets.UTF_8)) {
            csv.forEach(r -> { });
        }
        return handler.sum;
    }

    /** FastCSV's allocation-free path: fields arrive as ranges of its char buffer (numbers parsed unchecked, to its favour). */
    private static final class Summing extends AbstractBaseCsvCallbackHandler<Void> {
        double sum;

        @Override
        protected void handleField(int index, char[] buf, int offset, int len, boolean quoted) {
            if (getStartingLineNumber() == 1) {
                return;
            }
            if (index == 0) {
                sum += len;
            } else if (index == 1) {
                sum += JavaDoubleParser.parseDouble(buf, offset, len);
            }
        }

        @Override
        protected Void buildRecord() {
            return null;
        }
    }

    private interface Parser {
        double parse(byte[] b, int from, int to);
    }

    /** Byte ranges of every target field of a submission, found once so that parsers are timed alone. */
    private record Fields(byte[] bytes, int[] starts, int[] ends, int count) {
        double sum(Parser parser) {
            double sum = 0;
            for (int i = 0; i < count; i++) {
                sum += parser.parse(bytes, starts[i], ends[i]);
            }
            return sum;
        }

        String agree(Parser parser) {
            for (int i = 0; i < count; i++) {
                double expected = Double.parseDouble(new String(bytes, starts[i], ends[i] - starts[i], StandardCharsets.ISO_8859_1));
                if (Double.doubleToRawLongBits(expected) != Double.doubleToRawLongBits(parser.parse(bytes, starts[i], ends[i]))) {
                    return "DIFFER";
                }
            }
            return "agree";
        }
    }

    private static Fields targets(byte[] file) throws IOException {
        List<int[]> ranges = new ArrayList<>();
        String text = new String(file, StandardCharsets.ISO_8859_1);
        int line = text.indexOf('\n') + 1;
        while (line < text.length()) {
            int comma = text.indexOf(',', line);
            int end = text.indexOf('\n', line);
            ranges.add(new int[] {comma + 1, end < 0 ? text.length() : end});
            line = end < 0 ? text.length() : end + 1;
        }
        int[] starts = ranges.stream().mapToInt(r -> r[0]).toArray();
        int[] ends = ranges.stream().mapToInt(r -> r[1]).toArray();
        return new Fields(file, starts, ends, starts.length);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
