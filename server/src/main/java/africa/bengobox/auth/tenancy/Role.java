package africa.bengobox.auth.tenancy;

/** A tenant role; its name is what tokens carry in {@code roles}. */
public record Role(String name, String description) {
}
