-- A rotation marks the family's active token as rotated. Found through an index on the family alone, that update
-- read every token the family ever had (a session refreshed every few minutes for a month holds thousands), so each
-- refresh cost more than the one before it. With the status in the index it reads the active token only. Revoking a
-- family and the foreign key's cascade use the index's first column as before.
create index ix_refresh_tokens_family_status on refresh_tokens (family_id, status);
drop index ix_refresh_tokens_family;
