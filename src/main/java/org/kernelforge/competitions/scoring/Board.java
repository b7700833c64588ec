package org.kernelforge.competitions.scoring;

/** The two leaderboards: Public shown during the competition, Private deciding the final ranking. */
enum Board {
    PUBLIC("Public"),
    PRIVATE("Private");

    private final String title;

    Board(String title) {
        this.title = title;
    }

    String title() {
        return title;
    }
}
