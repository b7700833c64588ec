-- Submission and kernel version statuses are stored as the names of their Java enums
-- (@Enumerated(STRING), as blob upload states already are): 'complete' becomes 'COMPLETE'.
-- The API and the pages still show them in lower case. Written for both PostgreSQL and H2.
update submissions set status = upper(status);
update submission_scores set status = upper(status);
update kernel_versions set status = upper(status);
