package org.kernelforge.competitions;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** A submission's rows as the database holds them, read directly, for the tests of the scoring queue. */
@ApplicationScoped
class SubmissionRows {

    private final AgroalDataSource dataSource;

    SubmissionRows(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** How many scorings are recorded for the submission. */
    long scorings(long submissionId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("select count(*) from submission_scores where submission_id = ?")) {
            st.setLong(1, submissionId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** One column of the submission's row. */
    Object column(long submissionId, String column) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("select " + column + " from submissions where id = ?")) {
            st.setLong(1, submissionId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getObject(1);
            }
        }
    }
}
