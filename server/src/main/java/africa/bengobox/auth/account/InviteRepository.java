package africa.bengobox.auth.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class InviteRepository {

    record Invite(UUID id, UUID tenantId, String email, List<String> roles, UUID invitedBy, Instant createdAt,
                  Instant expiresAt, Instant acceptedAt) {
    }

    private final JdbcClient jdbc;

    InviteRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Invite invite, String tokenHash) {
        jdbc.sql("""
                insert into tenant_invites (id, tenant_id, email, email_normalized, roles, token_hash, invited_by, created_at, expires_at)
                values (:id, :t, :e, :en, :r, :h, :by, :at, :exp)""")
                .param("id", invite.id()).param("t", invite.tenantId()).param("e", invite.email())
                .param("en", invite.email().trim().toLowerCase(Locale.ROOT)).param("r", String.join(" ", invite.roles()))
                .param("h", tokenHash).param("by", invite.invitedBy()).param("at", Timestamp.from(invite.createdAt()))
                .param("exp", Timestamp.from(invite.expiresAt())).update();
    }

    Optional<Invite> findByTokenHash(String hash) {
        return jdbc.sql("select * from tenant_invites where token_hash = :h").param("h", hash).query(InviteRepository::map).optional();
    }

    List<Invite> pendingOf(UUID tenantId, Instant now) {
        return jdbc.sql("select * from tenant_invites where tenant_id = :t and accepted_at is null and expires_at > :now order by created_at")
                .param("t", tenantId).param("now", Timestamp.from(now)).query(InviteRepository::map).list();
    }

    boolean markAccepted(UUID id, UUID userId, Instant at) {
        return jdbc.sql("update tenant_invites set accepted_at = :at, accepted_by = :u where id = :id and accepted_at is null")
                .param("at", Timestamp.from(at)).param("u", userId).param("id", id).update() == 1;
    }

    /** Invitations naming the address carry personal data: they go when the person's account is deleted. */
    void deleteByEmail(String email) {
        jdbc.sql("delete from tenant_invites where email_normalized = :e").param("e", email.trim().toLowerCase(Locale.ROOT)).update();
    }

    List<Invite> byEmail(String email) {
        return jdbc.sql("select * from tenant_invites where email_normalized = :e order by created_at")
                .param("e", email.trim().toLowerCase(Locale.ROOT)).query(InviteRepository::map).list();
    }

    private static Invite map(ResultSet rs, int n) throws SQLException {
        return new Invite(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class), rs.getString("email"),
                Arrays.stream(rs.getString("roles").split(" ")).filter(r -> !r.isBlank()).toList(),
                rs.getObject("invited_by", UUID.class), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("expires_at").toInstant(),
                rs.getTimestamp("accepted_at") == null ? null : rs.getTimestamp("accepted_at").toInstant());
    }
}
