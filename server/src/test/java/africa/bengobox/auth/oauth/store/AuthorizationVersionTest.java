package africa.bengobox.auth.oauth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Two nodes that read the same authorization (one code presented twice at once) and both save what they built from
 * it: only the first save lands, in the real database, and the grant is revoked; and a save cannot bring back an
 * authorization revoked since it was read.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = "bengobox.auth.import=src/test/resources/e2e-import.yaml")
class AuthorizationVersionTest {

    private static final OAuth2TokenType CODE = new OAuth2TokenType("code");

    @Autowired HashedAuthorizationService authorizations;
    @Autowired RegisteredClientRepository clients;

    @Test
    void ofTwoSavesOfTheSameReadOnlyTheFirstLandsAndTheGrantIsThenRevoked() {
        String code = issueCode();
        OAuth2Authorization readByOne = authorizations.findByToken(code, CODE);
        OAuth2Authorization readByOther = authorizations.findByToken(code, CODE);

        authorizations.save(exchanged(readByOne, "access-of-the-first"));
        assertThat(authorizations.findByToken("access-of-the-first", OAuth2TokenType.ACCESS_TOKEN)).isNotNull();

        assertThatThrownBy(() -> authorizations.save(exchanged(readByOther, "access-of-the-second")))
                .isInstanceOfSatisfying(OAuth2AuthenticationException.class,
                        e -> assertThat(e.getError().getErrorCode()).isEqualTo("invalid_grant"));
        assertThat(authorizations.findByToken("access-of-the-second", OAuth2TokenType.ACCESS_TOKEN)).isNull();
        assertThat(authorizations.findByToken("access-of-the-first", OAuth2TokenType.ACCESS_TOKEN))
                .as("a code used twice revokes what its first use was given").isNull();
        assertThat(authorizations.findById(readByOne.getId())).isNull();
    }

    @Test
    void whatIsReadAfterASaveMayBeSaved() {
        String code = issueCode();
        authorizations.save(exchanged(authorizations.findByToken(code, CODE), "access-before"));

        authorizations.save(exchanged(authorizations.findByToken(code, CODE), "access-after"));

        assertThat(authorizations.findByToken("access-after", OAuth2TokenType.ACCESS_TOKEN)).isNotNull();
    }

    @Test
    void anAuthorizationRevokedAfterItWasReadIsNotBroughtBack() {
        String code = issueCode();
        OAuth2Authorization read = authorizations.findByToken(code, CODE);
        authorizations.remove(read);

        assertThatThrownBy(() -> authorizations.save(exchanged(read, "access-of-a-revoked-grant")))
                .isInstanceOf(OAuth2AuthenticationException.class);
        assertThat(authorizations.findById(read.getId())).isNull();
    }

    private String issueCode() {
        String code = "code-" + UUID.randomUUID();
        Instant now = Instant.now();
        authorizations.save(OAuth2Authorization.withRegisteredClient(clients.findByClientId("web-app"))
                .id(UUID.randomUUID().toString())
                .principalName("version-test-user")
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizedScopes(Set.of("openid"))
                .token(new OAuth2AuthorizationCode(code, now, now.plusSeconds(60)))
                .build());
        return code;
    }

    /** What the code grant saves: the code used, an access token issued. */
    private static OAuth2Authorization exchanged(OAuth2Authorization read, String accessToken) {
        Instant now = Instant.now();
        return OAuth2Authorization.from(read)
                .token(read.getToken(OAuth2AuthorizationCode.class).getToken(),
                        metadata -> metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, true))
                .token(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, accessToken, now, now.plusSeconds(300),
                        Set.of("openid")))
                .build();
    }
}
