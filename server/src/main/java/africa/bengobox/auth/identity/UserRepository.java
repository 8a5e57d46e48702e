package africa.bengobox.auth.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class UserRepository {

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<User> findById(UUID id) {
        return jdbc.sql("select * from users where id = :id").param("id", id).query(UserRepository::map).optional();
    }

    Optional<User> findByUsername(String username) {
        return jdbc.sql("select * from users where username_normalized = :u")
                .param("u", normalizeUsername(username)).query(UserRepository::map).optional();
    }

    Optional<User> findByEmail(String email) {
        return jdbc.sql("select * from users where email_normalized = :e")
                .param("e", normalizeEmail(email)).query(UserRepository::map).optional();
    }

    /** A user and their password hash (null without a password), read together for a sign-in. */
    record WithPasswordHash(User user, String passwordHash) {
    }

    /**
     * The user a sign-in name names, by username or else by email address, with the password hash: one statement
     * whether the user exists or not (a known and an unknown name take the same path to the hash check).
     */
    Optional<WithPasswordHash> findByLoginWithHash(String login) {
        return jdbc.sql("""
                select * from users where username_normalized = :u or email_normalized = :e
                order by case when username_normalized = :u then 0 else 1 end limit 1""")
                .param("u", normalizeUsername(login)).param("e", normalizeEmail(login))
                .query((rs, n) -> new WithPasswordHash(map(rs, n), rs.getString("password_hash"))).optional();
    }

    /** A user with their profile (empty when they have none), in one statement: what an ID token's claims need. */
    Optional<UserWithProfile> findWithProfile(UUID id) {
        return jdbc.sql("""
                select u.*, p.user_id as profile_user_id, p.given_name, p.family_name, p.display_name, p.phone_number,
                       p.phone_verified, p.locale, p.zoneinfo, p.picture_url
                from users u left join user_profiles p on p.user_id = u.id where u.id = :id""")
                .param("id", id)
                .query((rs, n) -> new UserWithProfile(map(rs, n), rs.getObject("profile_user_id") == null
                        ? UserProfile.empty(id) : profile(id, rs)))
                .optional();
    }

    Optional<String> passwordHash(UUID id) {
        return jdbc.sql("select password_hash from users where id = :id").param("id", id)
                .query(String.class).optional();
    }

    void insert(User user, String passwordHash) {
        jdbc.sql("""
                insert into users (id, username, username_normalized, email, email_normalized, email_verified,
                                   password_hash, status, created_at, updated_at)
                values (:id, :username, :un, :email, :en, :verified, :hash, :status, :created, :updated)""")
                .param("id", user.id()).param("username", user.username()).param("un", normalizeUsername(user.username()))
                .param("email", user.email()).param("en", normalizeEmail(user.email()))
                .param("verified", user.emailVerified()).param("hash", passwordHash)
                .param("status", user.status().name().toLowerCase())
                .param("created", Timestamp.from(user.createdAt())).param("updated", Timestamp.from(user.updatedAt()))
                .update();
    }

    void update(User user) {
        jdbc.sql("""
                update users set username = :username, username_normalized = :un, email = :email, email_normalized = :en,
                       email_verified = :verified, status = :status, updated_at = :updated, version = version + 1
                where id = :id""")
                .param("id", user.id()).param("username", user.username()).param("un", normalizeUsername(user.username()))
                .param("email", user.email()).param("en", normalizeEmail(user.email()))
                .param("verified", user.emailVerified()).param("status", user.status().name().toLowerCase())
                .param("updated", Timestamp.from(user.updatedAt()))
                .update();
    }

    void updatePasswordHash(UUID id, String hash, Instant at) {
        jdbc.sql("update users set password_hash = :hash, updated_at = :at where id = :id")
                .param("hash", hash).param("at", Timestamp.from(at)).param("id", id).update();
    }

    void updateStatus(UUID id, User.Status status, boolean emailVerified, Instant at) {
        jdbc.sql("update users set status = :s, email_verified = :v, updated_at = :at, version = version + 1 where id = :id")
                .param("s", status.name().toLowerCase(Locale.ROOT)).param("v", emailVerified)
                .param("at", Timestamp.from(at)).param("id", id).update();
    }

    void updateEmail(UUID id, String email, Instant at) {
        jdbc.sql("""
                update users set email = :e, email_normalized = :en, email_verified = true, updated_at = :at, version = version + 1
                where id = :id""")
                .param("e", email).param("en", normalizeEmail(email)).param("at", Timestamp.from(at)).param("id", id).update();
    }

    void endSessions(UUID id, Instant at) {
        jdbc.sql("update users set sessions_valid_after = :at where id = :id").param("at", Timestamp.from(at)).param("id", id).update();
    }

    /** Instant.MAX when the account is gone or may not sign in; else its cut-off, or empty when it has none. */
    Optional<Instant> sessionsValidAfter(UUID id) {
        return jdbc.sql("select sessions_valid_after, status from users where id = :id").param("id", id)
                .query((rs, n) -> !"active".equals(rs.getString("status")) ? Instant.MAX
                        : rs.getTimestamp(1) == null ? Instant.MIN : rs.getTimestamp(1).toInstant())
                .optional().or(() -> Optional.of(Instant.MAX)).filter(i -> !i.equals(Instant.MIN));
    }

    /** Deletes the account; profiles, identities, devices, memberships, sessions and links go with it (foreign keys). */
    void delete(User user) {
        jdbc.sql("delete from login_attempts where user_id = :id or username_normalized = :u or username_normalized = :e")
                .param("id", user.id()).param("u", normalizeUsername(user.username()))
                .param("e", user.email() == null ? "" : normalizeEmail(user.email())).update();
        jdbc.sql("delete from security_events where user_id = :id").param("id", user.id()).update();
        jdbc.sql("delete from users where id = :id").param("id", user.id()).update();
    }

    void recordLogin(UUID id, Instant at) {
        jdbc.sql("update users set last_login_at = :at where id = :id").param("at", Timestamp.from(at)).param("id", id).update();
    }

    Optional<UserProfile> findProfile(UUID userId) {
        return jdbc.sql("select * from user_profiles where user_id = :id").param("id", userId)
                .query((rs, n) -> profile(userId, rs)).optional();
    }

    private static UserProfile profile(UUID userId, ResultSet rs) throws SQLException {
        return new UserProfile(userId, rs.getString("given_name"), rs.getString("family_name"),
                rs.getString("display_name"), rs.getString("phone_number"), rs.getBoolean("phone_verified"),
                rs.getString("locale"), rs.getString("zoneinfo"), rs.getString("picture_url"));
    }

    void upsertProfile(UserProfile p, Instant at) {
        int updated = jdbc.sql("""
                update user_profiles set given_name = :gn, family_name = :fn, display_name = :dn, phone_number = :phone,
                       phone_verified = :pv, locale = :locale, zoneinfo = :zone, picture_url = :pic, updated_at = :at
                where user_id = :id""")
                .params(profileParams(p, at)).update();
        if (updated == 0) {
            jdbc.sql("""
                    insert into user_profiles (user_id, given_name, family_name, display_name, phone_number, phone_verified,
                                               locale, zoneinfo, picture_url, updated_at)
                    values (:id, :gn, :fn, :dn, :phone, :pv, :locale, :zone, :pic, :at)""")
                    .params(profileParams(p, at)).update();
        }
    }

    private static java.util.Map<String, Object> profileParams(UserProfile p, Instant at) {
        var m = new java.util.HashMap<String, Object>();
        m.put("id", p.userId());
        m.put("gn", p.givenName());
        m.put("fn", p.familyName());
        m.put("dn", p.displayName());
        m.put("phone", p.phoneNumber());
        m.put("pv", p.phoneVerified());
        m.put("locale", p.locale());
        m.put("zone", p.zoneinfo());
        m.put("pic", p.pictureUrl());
        m.put("at", Timestamp.from(at));
        return m;
    }

    static String normalizeUsername(String username) {
        return username == null ? null : username.trim().toLowerCase(Locale.ROOT);
    }

    static String normalizeEmail(String email) {
        return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    }

    private static User map(ResultSet rs, int row) throws SQLException {
        return new User(rs.getObject("id", UUID.class), rs.getString("username"), rs.getString("email"),
                rs.getBoolean("email_verified"), User.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                rs.getTimestamp("last_login_at") == null ? null : rs.getTimestamp("last_login_at").toInstant());
    }
}
