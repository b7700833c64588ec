package org.kernelforge.platform;

import java.util.List;

/** One page of a listing: its items, its number (from 1), its size and the count of all matches. */
public record Page<T>(List<T> items, int page, int pageSize, long total) {

    /** Whether a page follows this one, for the "Next" links. */
    public boolean hasNext() {
        return (long) page * pageSize < total;
    }
}
