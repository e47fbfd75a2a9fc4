package dev.camroll.benchmark;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmark's answer: headings, and rows of cells printed in aligned columns (the second, the value, aligned
 * right, the others left).
 */
final class ResultTable {

    private final List<String[]> rows = new ArrayList<>();

    ResultTable section(String heading) {
        rows.add(new String[] {heading});
        return this;
    }

    /** A row: what, value, unit, then any notes (spread, target, verdict). */
    ResultTable row(String... cells) {
        rows.add(cells);
        return this;
    }

    void print(PrintStream out) {
        int columns = rows.stream().mapToInt(row -> row.length).max().orElse(0);
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; row.length > 1 && i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            if (row.length == 1) {
                out.println(row[0]);
                continue;
            }
            StringBuilder line = new StringBuilder("  ");
            String[] cells = Arrays.copyOf(row, columns);
            for (int i = 0; i < columns; i++) {
                String cell = cells[i] == null ? "" : cells[i];
                String padding = " ".repeat(widths[i] - cell.length());
                line.append(i == 1 ? padding + cell : cell + padding).append(i == 1 ? " " : "  ");
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
