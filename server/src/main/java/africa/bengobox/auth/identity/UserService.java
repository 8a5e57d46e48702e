package africa.bengobox.auth.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
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
    /**
     * Verified against when the user does not exist, so that both paths cost the same. Computed on the hashing pool
     * while the server starts, not on the start-up path.
     */
    private final Future<String> decoyHash;

    UserService(UserRepository users, PasswordHasher hasher, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.clock = clock;
        this.decoyHash = hasher.hashLater(UUID.randomUUID().toString());
    }

    public Optional<User> findById(UUID id) {
        return users.findById(id);
    }

    public Optional<User> findByUsername(String username) {
        return users.findByUsername(username);
    }

    /** A sign-in name is a username or an email address. */
    public Optional<User> findByLogin(String login) {
        if (login == null || login.isBlank() || login.length() > 320) {
            return Optional.empty();
        }
        Optional<User> byName = users.findByUsername(login);
        return byName.isPresent() ? byName : users.findByEmail(login);
    }

    public UserProfile profile(UUID userId) {
        return users.findProfile(userId).orElseGet(() -> UserProfile.empty(userId));
    }

    @Transactional
    public void saveProfile(UserProfile profile) {
        users.upsertProfile(profile, clock.instant());
    }

    /**
     * Checks a password. Unknown users, users without a password and wrong passwords all take one Argon2id
     * verification and give the same empty answer. A hash made with older parameters is replaced on success.
     * Deliberately not one transaction: the verification takes tens of milliseconds (more when logins queue for the
     * hashing pool) and must not hold a pooled connection meanwhile; the writes after it are single statements.
     */
    public Optional<User> authenticate(String login, String password) {
        if (password == null || password.length() > MAX_PASSWORD) {
            return Optional.empty();
        }
        Optional<User> user = findByLogin(login);
        String stored = user.flatMap(u -> users.passwordHash(u.id())).orElse(null);
        boolean ok = hasher.verify(password, stored != null ? stored : PasswordHasher.await(decoyHash)) && stored != null;
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
        if (request.email() != null && (request.email().length() > 320 || !EMAIL.matcher(request.email().trim()).matches())) {
            throw new IllegalArgumentException("email is not a valid address");
        }
        if (request.password() != null && request.passwordHash() != null) {
            throw new IllegalArgumentException("give either password or password_hash, not both");
        }
        if (request.password() != null
                && (request.password().length() < MIN_PASSWORD || request.password().length() > MAX_PASSWORD)) {
            throw new IllegalArgumentException("password must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
        }
        if (request.passwordHash() != null && !PasswordHasher.isArgon2id(request.passwordHash())) {
            throw new IllegalArgumentException("password_hash must be an Argon2id hash ($argon2id$v=19$m=...,t=...,p=...$salt$hash)");
        }
    }

    private static String normalizedEmail(String email) {
        return email == null ? null : email.trim().toLowerCase(java.util.Locale.ROOT);
    }
}
