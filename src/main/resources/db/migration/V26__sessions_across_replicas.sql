-- Interactive sessions served by several replicas: each replica publishes the base URL other replicas reach it at
-- (requests for a session it runs are forwarded there), and every session is recorded with the replica running it,
-- so limits are counted across replicas and a dead replica's sessions are ended.
alter table server_replicas add column url varchar(1024);

create table interactive_sessions (
    id                 varchar(36) primary key,
    owner_id           bigint not null references users (id) on delete cascade,
    replica_id         varchar(64) not null,
    language           varchar(16) not null,
    kernel_ref         varchar(100),
    internet           boolean not null,
    memory_limit_bytes bigint not null,
    folder             varchar(1024) not null,
    state              varchar(16) not null,
    started_at         timestamp with time zone not null,
    expires_at         timestamp with time zone not null,
    ended_at           timestamp with time zone,
    end_detail         varchar(500)
);
create index interactive_sessions_live on interactive_sessions (state, owner_id);

-- One row, locked by every session start: the per-user and total counts are read and the new session inserted
-- under it, so two replicas cannot both pass a limit.
create table interactive_session_starts (
    id int primary key
);
insert into interactive_session_starts (id) values (1);
