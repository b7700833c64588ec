package org.kernelforge.kernels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.kernelforge.kernels.KernelViews.CellDiff;
import org.kernelforge.kernels.KernelViews.SourceDiff;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Diffs two versions' sources: line by line for scripts, cell by cell for notebooks. */
final class SourceDiffs {

    private record Cell(String type, String source) {
    }

    private SourceDiffs() {
    }

    static SourceDiff diff(int a, byte[] left, int b, byte[] right, KernelType type, ObjectMapper json) {
        if (type == KernelType.SCRIPT) {
            return new SourceDiff(a, b, type.id(), LineDiff.hunks(text(left), text(right)), null);
        }
        List<Cell> before = cells(left, json);
        List<Cell> after = cells(right, json);
        List<CellDiff> changes = new ArrayList<>();
        for (LineDiff.Region region : LineDiff.regions(before, after)) {
            int i = region.aFrom();
            int j = region.bFrom();
            // cells between two kept ones: changed in place where both sides have one, else added/removed
            for (; i < region.aTo() && j < region.bTo(); i++, j++) {
                changes.add(new CellDiff(j + 1, "modified", after.get(j).type(),
                        LineDiff.hunks(before.get(i).source(), after.get(j).source())));
            }
            for (; i < region.aTo(); i++) {
                changes.add(new CellDiff(i + 1, "removed", before.get(i).type(), LineDiff.hunks(before.get(i).source(), "")));
            }
            for (; j < region.bTo(); j++) {
                changes.add(new CellDiff(j + 1, "added", after.get(j).type(), LineDiff.hunks("", after.get(j).source())));
            }
        }
        return new SourceDiff(a, b, type.id(), null, changes);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static List<Cell> cells(byte[] notebook, ObjectMapper json) {
        try {
            List<Cell> cells = new ArrayList<>();
            for (JsonNode cell : json.readTree(notebook).path("cells")) {
                cells.add(new Cell(cell.path("cell_type").asText(), joined(cell.path("source"))));
            }
            return cells;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** nbformat keeps a cell's source as a string or as a list of lines. */
    static String joined(JsonNode source) {
        if (source.isArray()) {
            StringBuilder text = new StringBuilder();
            source.forEach(line -> text.append(line.asText()));
            return text.toString();
        }
        return source.asText("");
    }
}
