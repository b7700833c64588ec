-- Organizers' environments and the build cache (issue 17). Written for both PostgreSQL and H2.
-- An environment may belong to a competition: its organizers (and admins) build it; anyone may read and use it, as
-- anyone may read the competition. Null: a site-wide environment, admins' alone.
alter table environments add column competition_id bigint references competitions (id) on delete cascade;
create index environments_competition on environments (competition_id);

-- What a build installs, hashed: base image digest, sorted packages, apt source, builder version. An image on the
-- engine labelled with the same hash is reused instead of built again (reused = true), unless the build was asked
-- to start from scratch.
alter table environment_versions add column recipe_hash varchar(64);
alter table environment_versions add column reused boolean not null default false;
alter table environment_versions add column from_scratch boolean not null default false;
