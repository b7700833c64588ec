package org.kernelforge.competitions.scoring;

/** Whether a higher or a lower score ranks first on a leaderboard. */
public enum Direction {
    MAXIMIZE,
    MINIMIZE
}
