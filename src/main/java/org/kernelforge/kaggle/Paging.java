package org.kernelforge.kaggle;

import org.kernelforge.platform.ProblemException;

import java.util.List;

/**
 * Kaggle's token paging over a list the platform reads whole: the token is the offset of the next item, and an
 * empty token (left out of the JSON) ends the client's loop.
 */
record Paging(int offset, int size) {

    static final int DEFAULT_SIZE = 20;
    static final int MAX_SIZE = 1000;

    static Paging of(String pageToken, Integer pageSize) {
        int size = pageSize == null || pageSize <= 0 ? DEFAULT_SIZE : Math.min(pageSize, MAX_SIZE);
        if (pageToken == null || pageToken.isBlank()) {
            return new Paging(0, size);
        }
        try {
            int offset = Integer.parseInt(pageToken.strip());
            if (offset >= 0) {
                return new Paging(offset, size);
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ProblemException.badRequest("pageToken", "pageToken '" + pageToken + "' is not one this server gave out; "
                + "leave it out to start from the first page");
    }

    <T> List<T> page(List<T> all) {
        return all.subList(Math.min(offset, all.size()), Math.min(offset + size, all.size()));
    }

    /** The token of the next page, or null when this page is the last. */
    String next(int total) {
        return offset + size < total ? String.valueOf(offset + size) : null;
    }
}
