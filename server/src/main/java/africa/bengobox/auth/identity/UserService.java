package africa.bengobox.auth.identity;

import africa.bengobox.auth.events.AuthEvent;
import africa.bengobox.auth.events.EventTypes;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Accounts: creation, lookup and password checks. Other features go through this service, never the tables. */
@Service
public class UserService {

    public static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{3,64}");
    public static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}");
    public static final int MIN_PASSWORD = 10;
    public static final int MAX_PASSWORD = 128;

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    /**
     * Verified against when the user does not exist, so that both paths cost the same. Computed on the hashing pool
     * while the server starts, not on the start-up path.
     */
    private final Future<String> decoyHash;

    UserService(UserRepository users, PasswordHasher hasher, Clock clock, ApplicationEventPublisher events) {
        this.users = users;
        this.hasher = hasher;
        this.clock = clock;
        this.events = events;
        this.decoyHash = hasher.hashLater(UUID.randomUUID().toString());
    }

    public Optional<User> findById(UUID id) {
        return users.findById(id);
    }

    public Optional<User> findByUsername(String username) {
        return users.findByUsername(username);
    }

    public Optional<User> findByEmail(String email) {
        if (email == null || email.isBlank() || email.length() > 320) {
            return Optional.empty();
        }
        return users.findByEmail(email);
    }

    /** A sign-in name is a username or an email address. */
    private Optional<UserRepository.WithPasswordHash> findByLoginWithHash(String login) {
        if (login == null || login.isBlank() || login.length() > 320) {
            return Optional.empty();
        }
        return users.findByLoginWithHash(login);
    }

    /** The user with their profile, in one read. */
    public Optional<UserWithProfile> findWithProfile(UUID id) {
        return users.findWithProfile(id);
    }

    public UserProfile profile(UUID userId) {
        return users.findProfile(userId).orElseGet(() -> UserProfile.empty(userId));
    }

    @Transactional
    public void saveProfile(UserProfile profile) {
        users.upsertProfile(profile, clock.instant());
    }

    /** The person's own change of their profile: validated, saved, announced. */
    @Transactional
    public void updateProfile(UserProfile profile) {
        validateProfile(profile);
        users.upsertProfile(profile, clock.instant());
        events.publishEvent(new AuthEvent(EventTypes.USER_UPDATED, null, Map.of("user_id", profile.userId().toString())));
    }

    /**
     * Checks a password. Unknown users, users without a password and wrong passwords all take one Argon2id
     * verification and give the same empty answer. A hash made with older parameters, or imported from another
     * service (bcrypt, PBKDF2), is replaced by an Argon2id hash with the configured parameters on success.
     * Deliberately not one transaction: the verification takes tens of milliseconds (more when logins queue for the
     * hashing pool) and must not hold a pooled connection meanwhile; the writes after it are single statements.
     */
    public Optional<User> authenticate(String login, String password) {
        if (password == null || password.length() > MAX_PASSWORD) {
            return Optional.empty();
        }
        Optional<UserRepository.WithPasswordHash> found = findByLoginWithHash(login);
        Optional<User> user = found.map(UserRepository.WithPasswordHash::user);
        String stored = found.map(UserRepository.WithPasswordHash::passwordHash).orElse(null);
        boolean ok = stored != null && LegacyHashes.isLegacy(stored)
                ? hasher.verifyLegacy(password, stored)
                : hasher.verify(password, stored != null ? stored : PasswordHasher.await(decoyHash)) && stored != null;
        if (!ok || user.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (hasher.needsRehash(stored)) {
            users.updatePasswordHash(user.get().id(), hasher.hash(password), now);
        }
        users.recordLogin(user.get().id(), now);
        return user;
    }

    /** Checks the user's current password without signing in (before a sensitive change). */
    public boolean passwordMatches(UUID userId, String password) {
        if (password == null || password.length() > MAX_PASSWORD) {
            return false;
        }
        String stored = users.passwordHash(userId).orElse(null);
        if (stored == null) {
            return false;
        }
        return LegacyHashes.isLegacy(stored) ? hasher.verifyLegacy(password, stored) : hasher.verify(password, stored);
    }

    /**
     * Creates a self-registered account, PENDING until the email address is verified when {@code verified} is false.
     * Publishes {@code auth.user.created}.
     *
     * @throws IllegalArgumentException when a field is invalid or the username or email is taken
     */
    @Transactional
    public User register(String username, String email, String password, boolean verified, UUID tenantId) {
        NewUser request = new NewUser(username, email, verified, password, null);
        validate(request);
        if (email == null || email.isBlank()) {
            throw new IllegalArgumentException("email is required");
        }
        if (users.findByUsername(username).isPresent()) {
            throw new IllegalArgumentException("username is already taken");
        }
        if (users.findByEmail(email).isPresent()) {
            throw new IllegalArgumentException("email is already registered; sign in or reset your password");
        }
        Instant now = clock.instant();
        User user = new User(UUID.randomUUID(), username.trim(), normalizedEmail(email), verified,
                verified ? User.Status.ACTIVE : User.Status.PENDING, now, now, null);
        try {
            users.insert(user, hasher.hash(password));
        } catch (DuplicateKeyException e) {
            throw new IllegalArgumentException("username or email is already taken");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("user_id", user.id().toString());
        data.put("username", user.username());
        data.put("email", user.email());
        data.put("email_verified", user.emailVerified());
        events.publishEvent(new AuthEvent(EventTypes.USER_CREATED, tenantId == null ? null : tenantId.toString(), data));
        return user;
    }

    /** Marks the email address verified and a PENDING account active. */
    @Transactional
    public User markEmailVerified(UUID userId) {
        User user = findById(userId).orElseThrow(() -> new IllegalArgumentException("account no longer exists"));
        User.Status status = user.status() == User.Status.PENDING ? User.Status.ACTIVE : user.status();
        users.updateStatus(userId, status, true, clock.instant());
        return findById(userId).orElseThrow();
    }

    /**
     * Sets a new password (already checked against the policy by the caller) and ends every session that signed in
     * before now.
     */
    @Transactional
    public void setPassword(UUID userId, String password) {
        if (password == null || password.length() > MAX_PASSWORD) {
            throw new IllegalArgumentException("password must be at most " + MAX_PASSWORD + " characters");
        }
        Instant now = clock.instant();
        users.updatePasswordHash(userId, hasher.hash(password), now);
        users.endSessions(userId, now);
    }

    /**
     * Sessions that authenticated before this instant have been ended (by a password reset or change); Instant.MAX
     * when the account no longer exists or may not sign in.
     */
    public Optional<Instant> sessionsValidAfter(UUID userId) {
        return users.sessionsValidAfter(userId);
    }

    /**
     * Changes the email address to a verified new one.
     *
     * @throws IllegalArgumentException when it is invalid or belongs to another account
     */
    @Transactional
    public void changeEmail(UUID userId, String email) {
        requireEmail(email);
        Optional<User> holder = users.findByEmail(email);
        if (holder.isPresent() && !holder.get().id().equals(userId)) {
            throw new IllegalArgumentException("email is already registered to another account");
        }
        try {
            users.updateEmail(userId, normalizedEmail(email), clock.instant());
        } catch (DuplicateKeyException e) {
            throw new IllegalArgumentException("email is already registered to another account");
        }
        events.publishEvent(new AuthEvent(EventTypes.USER_UPDATED, null, Map.of("user_id", userId.toString())));
    }

    /**
     * Deletes the account and everything identity keeps about it. Publishes {@code auth.user.deleted} with the id only.
     */
    @Transactional
    public void delete(UUID userId) {
        User user = findById(userId).orElseThrow(() -> new IllegalArgumentException("account no longer exists"));
        users.delete(user);
        events.publishEvent(new AuthEvent(EventTypes.USER_DELETED, null, Map.of("user_id", userId.toString())));
    }

    /** Creates the account, or updates the one with the same username; never creates a duplicate. */
    @Transactional
    public User upsert(NewUser request) {
        validate(request);
        Instant now = clock.instant();
        Optional<User> existing = users.findByUsername(request.username());
        if (existing.isEmpty()) {
            User user = new User(UUID.randomUUID(), request.username().trim(), normalizedEmail(request.email()),
                    request.emailVerified(), User.Status.ACTIVE, now, now, null);
            users.insert(user, request.passwordHash() != null ? request.passwordHash()
                    : request.password() != null ? hasher.hash(request.password()) : null);
            return user;
        }
        User old = existing.get();
        User updated = new User(old.id(), request.username().trim(), normalizedEmail(request.email()),
                request.emailVerified(), old.status(), old.createdAt(), now, old.lastLoginAt());
        users.update(updated);
        if (request.passwordHash() != null) {
            users.updatePasswordHash(old.id(), request.passwordHash(), now);
        } else if (request.password() != null) {
            String current = users.passwordHash(old.id()).orElse(null);
            // re-hashing an unchanged password at every start would only burn CPU and churn the row
            if (current == null || !hasher.verify(request.password(), current)) {
                users.updatePasswordHash(old.id(), hasher.hash(request.password()), now);
            }
        }
        return updated;
    }

    /** Throws {@link IllegalArgumentException} with a reason fit for the person who wrote the request. */
    public static void validate(NewUser request) {
        if (request.username() == null || !USERNAME.matcher(request.username().trim()).matches()) {
            throw new IllegalArgumentException("username must be 3-64 letters, digits or . _ @ -");
        }
        if (request.email() != null) {
            requireEmail(request.email());
        }
        if (request.password() != null && request.passwordHash() != null) {
            throw new IllegalArgumentException("give either password or password_hash, not both");
        }
        if (request.password() != null
                && (request.password().length() < MIN_PASSWORD || request.password().length() > MAX_PASSWORD)) {
            throw new IllegalArgumentException("password must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
        }
        if (request.passwordHash() != null && !PasswordHasher.isArgon2id(request.passwordHash())
                && !LegacyHashes.isLegacy(request.passwordHash())) {
            throw new IllegalArgumentException("password_hash must be an Argon2id ($argon2id$v=19$m=...,t=...,p=...$salt$hash), "
                    + "bcrypt ($2a$, $2b$, $2y$) or PBKDF2 ($pbkdf2-sha256$... or pbkdf2_sha256$...) hash");
        }
    }

    public static void requireEmail(String email) {
        if (email == null || email.isBlank()) {
            throw new IllegalArgumentException("email is required");
        }
        if (email.length() > 320 || !EMAIL.matcher(email.trim()).matches()) {
            throw new IllegalArgumentException("email is not a valid address");
        }
    }

    private static void validateProfile(UserProfile p) {
        requireLength("given_name", p.givenName(), 128);
        requireLength("family_name", p.familyName(), 128);
        requireLength("display_name", p.displayName(), 256);
        if (p.phoneNumber() != null && !p.phoneNumber().matches("\\+?[0-9 ()-]{4,31}")) {
            throw new IllegalArgumentException("phone_number must be a telephone number such as +254 712 345678");
        }
        if (p.locale() != null && !p.locale().matches("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}")) {
            throw new IllegalArgumentException("locale must be a language tag such as sw or en-KE");
        }
        if (p.pictureUrl() != null && (p.pictureUrl().length() > 2048 || !p.pictureUrl().matches("https://[^\\s]+"))) {
            throw new IllegalArgumentException("picture_url must be an https URL of at most 2048 characters");
        }
    }

    private static void requireLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new IllegalArgumentException(field + " must be at most " + max + " characters");
        }
    }

    private static String normalizedEmail(String email) {
        return email == null ? null : email.trim().toLowerCase(java.util.Locale.ROOT);
    }
}
