package org.kernelforge.runs;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where the user's code raised: for a notebook the cell (counted from 1 over all cells) and the line
 * within it; for a script the line of the script. Either part may be unknown (null).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FailureLocation(Integer cell, Integer line) {

    public static FailureLocation of(Integer cell, Integer line) {
        return cell == null && line == null ? null : new FailureLocation(cell, line);
    }

    /** "in cell 2 (line 4)", "in cell 2", "at line 6". */
    public String describe() {
        if (cell != null) {
            return "in cell " + cell + (line != null ? " (line " + line + ")" : "");
        }
        return "at line " + line;
    }
}
