package africa.bengobox.auth.oauth;

/** Our own per-client settings, carried in Spring's {@code ClientSettings} so that no extra look-up is needed. */
public final class ClientSettingNames {

    public static final String TENANT_ID = "settings.bengobox.tenant-id";
    public static final String ACCESS_TOKEN_ALG = "settings.bengobox.access-token-alg";
    public static final String ID_TOKEN_ALG = "settings.bengobox.id-token-alg";
    public static final String INTROSPECTION = "settings.bengobox.introspection";
    public static final String CLIENT_NAME = "settings.bengobox.client-name";

    private ClientSettingNames() {
    }
}
