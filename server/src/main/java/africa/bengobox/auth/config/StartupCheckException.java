package africa.bengobox.auth.config;

/** A start-up precondition that failed; its message is one sentence meant for the operator. */
public class StartupCheckException extends RuntimeException {

    private final String action;

    public StartupCheckException(String message, String action) {
        super(message);
        this.action = action;
    }

    public String action() {
        return action;
    }
}
