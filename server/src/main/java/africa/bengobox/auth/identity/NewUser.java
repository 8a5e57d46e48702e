package africa.bengobox.auth.identity;

/**
 * What it takes to create or update an account. Exactly one of {@code password} (plain, hashed here) or
 * {@code passwordHash} (already Argon2id) may be given; neither means the account has no password.
 */
public record NewUser(String username, String email, boolean emailVerified, String password, String passwordHash) {

    @Override
    public String toString() {
        return "NewUser[username=" + username + ", email=" + email + "]";
    }
}
