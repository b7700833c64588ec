-- Code competitions: competitors submit a kernel version, which the platform reruns on hidden data.
alter table competitions add column kind varchar(10) not null default 'file';
alter table competitions add column submission_file varchar(255) not null default 'submission.csv';
alter table competitions add column code_timeout_seconds integer;
alter table competitions add column code_memory_bytes bigint;
alter table competitions add column code_gpu boolean not null default false;
alter table competitions add column hidden_data_uploaded_at timestamp with time zone;

-- The files that replace the public data's files of the same names during scoring reruns (bytes in the blob store).
create table competition_hidden_files (
    id             bigserial     primary key,
    competition_id bigint        not null references competitions (id) on delete cascade,
    path           varchar(1024) not null,
    sha256         varchar(64)   not null,
    size_bytes     bigint        not null,
    unique (competition_id, path)
);

-- The scoring rerun of a code submission: its failure kind, and its log (for organizers only).
create table code_reruns (
    submission_id  bigint        primary key references submissions (id) on delete cascade,
    competition_id bigint        not null references competitions (id) on delete cascade,
    failure_kind   varchar(30),
    log            text,
    started_at     timestamp with time zone,
    finished_at    timestamp with time zone
);
create index code_reruns_competition on code_reruns (competition_id);
