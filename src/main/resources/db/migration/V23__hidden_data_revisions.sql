-- Replacing a code competition's hidden data reruns its submissions on the new data. Each upload is a new revision;
-- each rerun records the revision it read, and each scoring the revision of the file it scored, so a score from
-- older hidden data is never shown as one from the new.
alter table competitions add column hidden_data_revision integer default 0 not null;
update competitions set hidden_data_revision = 1 where hidden_data_uploaded_at is not null;

-- null until the submission's rerun has finished
alter table code_reruns add column hidden_data_revision integer;
update code_reruns set hidden_data_revision = 1 where finished_at is not null;

-- null for the scorings of files competitors uploaded
alter table submission_scores add column hidden_data_revision integer;
update submission_scores set hidden_data_revision = 1
    where submission_id in (select submission_id from code_reruns);
