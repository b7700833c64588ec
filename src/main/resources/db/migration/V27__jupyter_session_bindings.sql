-- Jupyter's sessions (a notebook path bound to a kernel) recorded for every replica: any replica lists and finds them,
-- and requests for one are forwarded to the replica running its kernel. A binding goes with its kernel's row.
create table jupyter_session_bindings (
    id         varchar(36) primary key,
    owner_id   bigint not null references users (id) on delete cascade,
    path       varchar(4096),
    name       varchar(4096),
    type       varchar(255),
    kernel_id  varchar(36) not null references interactive_sessions (id) on delete cascade,
    created_at timestamp with time zone not null
);
create index jupyter_session_bindings_owner on jupyter_session_bindings (owner_id);
create index jupyter_session_bindings_kernel on jupyter_session_bindings (kernel_id);
