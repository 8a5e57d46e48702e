-- Every node polls for the revocations made since its last poll (twice a second); without this index each poll read
-- every revocation that has not expired yet, a cost that grew with the deny list instead of with what is new.
create index ix_token_revocations_revoked on token_revocations (revoked_at);
