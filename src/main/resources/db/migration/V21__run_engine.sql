-- Which engine ran a version (local | swarm; null: local, before engines) and on which node; container_id keeps
-- the engine's job id (a container on the local engine, a service on the swarm).
ALTER TABLE kernel_versions ADD COLUMN engine varchar(16);
ALTER TABLE kernel_versions ADD COLUMN node varchar(255);
