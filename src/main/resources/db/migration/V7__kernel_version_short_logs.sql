-- The log of a run that printed little is kept in the row: storing it costs no object-store round trip.
alter table kernel_versions add column log_text varchar(65536);
