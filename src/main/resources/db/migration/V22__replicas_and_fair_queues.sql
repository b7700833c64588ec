-- Several server replicas share one database: each keeps a heartbeat row, and a running version belongs to the
-- replica that claimed it (null: claimed before replicas, by the only server there was).
create table server_replicas (
    id           varchar(64) primary key,
    data_dir     varchar(1024) not null,
    started_at   timestamp with time zone not null,
    heartbeat_at timestamp with time zone not null
);
alter table kernel_versions add column claimed_by varchar(64);
create index kernel_versions_claimed_by on kernel_versions (claimed_by, status);
