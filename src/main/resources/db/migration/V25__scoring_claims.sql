-- The scoring queue and code submissions' reruns live in the database, so that every server replica takes its share
-- and none is lost when a replica stops. A submission waits for a scoring while scoring_queued_at is set; the replica
-- scoring it has claimed it (scoring_claimed_by, its replica id); scoring_again asks for one more scoring after the
-- one under way (a rescore meanwhile). A code submission waits for its rerun while its status is QUEUED; the replica
-- running it has claimed it (rerun_claimed_by). A claim by a replica that has no server_replicas row any more (taken
-- over after its heartbeat stopped) is free to be claimed again.
alter table submissions add column scoring_queued_at timestamp with time zone;
alter table submissions add column scoring_again boolean default false not null;
alter table submissions add column scoring_claimed_by varchar(64);
alter table submissions add column scoring_claimed_at timestamp with time zone;
alter table submissions add column rerun_claimed_by varchar(64);
alter table submissions add column rerun_claimed_at timestamp with time zone;

-- what a server left waiting before: every unscored submission is scored, every unfinished rerun runs (again)
update submissions set scoring_queued_at = created_at where status in ('PENDING', 'SCORING');
update submissions set status = 'QUEUED' where status = 'RERUNNING';

create index submissions_scoring_queue on submissions (scoring_queued_at);
create index submissions_status on submissions (status);
