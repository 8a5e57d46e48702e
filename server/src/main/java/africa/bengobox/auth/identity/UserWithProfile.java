package africa.bengobox.auth.identity;

/** A user and their profile (empty when they have none), as one read gives them. */
public record UserWithProfile(User user, UserProfile profile) {
}
