package africa.bengobox.auth.oauth;

import africa.bengobox.auth.config.AuthProperties;
import africa.bengobox.auth.oauth.client.ClientService;
import africa.bengobox.auth.oauth.client.OAuthClient;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.stereotype.Component;

/** Presents the client registry to Spring's protocol endpoints; registrations are managed through {@link ClientService}. */
@Component
class RegisteredClients implements RegisteredClientRepository {

    private final ClientService clients;
    private final AuthProperties properties;
    /** Mapped registrations, reused for as long as the client service hands out the same (cached) record. */
    private final Map<UUID, Mapped> mapped = new ConcurrentHashMap<>();

    private record Mapped(OAuthClient source, RegisteredClient client) {
    }

    RegisteredClients(ClientService clients, AuthProperties properties) {
        this.clients = clients;
        this.properties = properties;
    }

    @Override
    public void save(RegisteredClient registeredClient) {
        throw new UnsupportedOperationException("Clients are registered through the client registry, not the protocol endpoints");
    }

    @Override
    public RegisteredClient findById(String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return clients.findById(uuid).filter(OAuthClient::active).map(this::registered).orElse(null);
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
        return clients.findByClientId(clientId).filter(OAuthClient::active).map(this::registered).orElse(null);
    }

    private RegisteredClient registered(OAuthClient client) {
        Mapped cached = mapped.get(client.id());
        if (cached != null && cached.source() == client) {
            return cached.client();
        }
        RegisteredClient fresh = toRegisteredClient(client);
        mapped.put(client.id(), new Mapped(client, fresh));
        return fresh;
    }

    private RegisteredClient toRegisteredClient(OAuthClient c) {
        AuthProperties.Tokens tokens = properties.tokens();
        ClientSettings.Builder settings = ClientSettings.builder()
                .requireProofKey(c.requirePkce())
                .requireAuthorizationConsent(c.requireConsent())
                .setting(ClientSettingNames.ACCESS_TOKEN_ALG, c.accessTokenAlg())
                .setting(ClientSettingNames.ID_TOKEN_ALG, c.idTokenAlg())
                .setting(ClientSettingNames.INTROSPECTION, c.introspectionPermitted())
                .setting(ClientSettingNames.CLIENT_NAME, c.clientName());
        if (c.tenantId() != null) {
            settings.setting(ClientSettingNames.TENANT_ID, c.tenantId().toString());
        }
        if (c.jwksUri() != null) {
            settings.jwkSetUrl(c.jwksUri()).tokenEndpointAuthenticationSigningAlgorithm(SignatureAlgorithm.RS256);
        }
        return RegisteredClient.withId(c.id().toString())
                .clientId(c.clientId())
                .clientIdIssuedAt(c.createdAt())
                .clientSecret(c.secretHash())
                .clientName(c.clientName())
                .clientAuthenticationMethods(m -> c.authMethods().forEach(a -> m.add(new ClientAuthenticationMethod(a))))
                .authorizationGrantTypes(g -> c.grantTypes().forEach(t -> g.add(new AuthorizationGrantType(t))))
                .redirectUris(u -> u.addAll(c.redirectUris()))
                .postLogoutRedirectUris(u -> u.addAll(c.postLogoutRedirectUris()))
                .scopes(s -> s.addAll(c.scopes()))
                .clientSettings(settings.build())
                .tokenSettings(TokenSettings.builder()
                        .accessTokenFormat(c.accessTokenFormat() == OAuthClient.TokenFormat.OPAQUE
                                ? OAuth2TokenFormat.REFERENCE : OAuth2TokenFormat.SELF_CONTAINED)
                        .accessTokenTimeToLive(c.accessTokenTtl() != null ? c.accessTokenTtl() : tokens.accessTokenTtl())
                        .refreshTokenTimeToLive(c.refreshTokenTtl() != null ? c.refreshTokenTtl() : tokens.refreshTokenTtl())
                        .authorizationCodeTimeToLive(tokens.authorizationCodeTtl())
                        .deviceCodeTimeToLive(tokens.deviceCodeTtl())
                        .reuseRefreshTokens(false)
                        // EdDSA is not in Spring's enum; the token customizer sets the ID token's algorithm from our setting
                        .idTokenSignatureAlgorithm(c.idTokenAlg().equals("ES256") ? SignatureAlgorithm.ES256 : SignatureAlgorithm.RS256)
                        .build())
                .build();
    }
}
