package org.kernelforge.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Flat file paths shown as a tree: a folder row before the files below it, each row indented by depth. */
public final class FileTree {

    /** A folder ({@code size} < 0) or a file. */
    public record Row(String path, String name, int depth, long size) {
        public boolean folder() {
            return size < 0;
        }

        /** CSS padding for the depth. */
        public String indent() {
            return (depth * 1.25) + "rem";
        }
    }

    public record Entry(String path, long size) {
    }

    private FileTree() {
    }

    public static List<Row> of(List<Entry> files) {
        List<Entry> sorted = new ArrayList<>(files);
        sorted.sort(Comparator.comparing(Entry::path));
        List<Row> rows = new ArrayList<>();
        List<String> open = new ArrayList<>();
        for (Entry file : sorted) {
            String[] parts = file.path().split("/");
            int common = 0;
            while (common < open.size() && common < parts.length - 1 && open.get(common).equals(parts[common])) {
                common++;
            }
            open.subList(common, open.size()).clear();
            for (int i = common; i < parts.length - 1; i++) {
                open.add(parts[i]);
                rows.add(new Row(String.join("/", open), parts[i] + "/", i, -1));
            }
            rows.add(new Row(file.path(), parts[parts.length - 1], parts.length - 1, file.size()));
        }
        return rows;
    }
}
