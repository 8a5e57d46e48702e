package africa.bengobox.auth.oauth.token;

import africa.bengobox.auth.config.AuthProperties;
import africa.bengobox.auth.oauth.ClientSettingNames;
import africa.bengobox.auth.oauth.login.SignedInUser;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.stereotype.Component;

/**
 * Shapes the JWTs Spring's generator produces. Access tokens follow RFC 9068 ({@code typ: at+jwt}, {@code client_id},
 * space-separated {@code scope}) and are signed with the client's chosen algorithm; ID tokens get {@code at_hash},
 * our {@code sid}, {@code amr}/{@code acr}, the configured lifetime and the standard claims their scopes release.
 */
@Component
class JwtClaimsCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

    private final TokenClaims tokenClaims;
    private final UserClaims userClaims;
    private final AuthProperties properties;
    private final Clock clock;
    private final URL issuerUrl;

    JwtClaimsCustomizer(TokenClaims tokenClaims, UserClaims userClaims, AuthProperties properties, Clock clock) {
        this.tokenClaims = tokenClaims;
        this.userClaims = userClaims;
        this.properties = properties;
        this.clock = clock;
        this.issuerUrl = url(properties);
    }

    @Override
    public void customize(JwtEncodingContext context) {
        if (issuerUrl != null) {
            // JwtClaimsSet's builder parses the issuer into a URL for every token (2% of an ES256 token's CPU); the
            // URL parsed once is passed through as it is
            context.getClaims().claims(c -> c.replace(JwtClaimNames.ISS, properties.issuer(), issuerUrl));
        }
        if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
            context.getJwsHeader().algorithm(algorithm(context, ClientSettingNames.ACCESS_TOKEN_ALG)).type("at+jwt");
            Map<String, Object> claims = tokenClaims.accessTokenClaims(context.getRegisteredClient(), context.getPrincipal(),
                    context.getAuthorization(), context.getAuthorizationGrantType(), context.getAuthorizedScopes());
            // the builder's map read in place: building a JwtClaimsSet only to read two times converts every claim
            context.getClaims().claims(c -> {
                c.remove("scope");
                c.putAll(claims);
                if (c.get(JwtClaimNames.IAT) instanceof Instant issuedAt && c.get(JwtClaimNames.EXP) instanceof Instant expiresAt) {
                    c.put(JwtClaimNames.EXP, tokenClaims.accessTokenExpiry(claims, issuedAt, expiresAt));
                }
            });
        } else if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
            customizeIdToken(context);
        }
    }

    private static URL url(AuthProperties properties) {
        try {
            return properties.issuerUri().toURL();
        } catch (IllegalArgumentException | MalformedURLException e) {
            return null; // the builder keeps such an issuer as a string, and so do we
        }
    }

    private static JwsAlgorithm algorithm(JwtEncodingContext context, String setting) {
        String alg = context.getRegisteredClient().getClientSettings().getSetting(setting);
        if (alg == null) {
            return SignatureAlgorithm.RS256;
        }
        return "EdDSA".equals(alg) ? EdDsa.ALGORITHM : SignatureAlgorithm.from(alg);
    }

    private void customizeIdToken(JwtEncodingContext context) {
        context.getJwsHeader().algorithm(algorithm(context, ClientSettingNames.ID_TOKEN_ALG));
        Authentication principal = context.getPrincipal();
        Instant issuedAt = clock.instant();
        context.getClaims().issuedAt(issuedAt).expiresAt(issuedAt.plus(properties.tokens().idTokenTtl()));
        if (SignedInUser.isUser(principal)) {
            Map<String, Object> standard = userClaims.forScopes(SignedInUser.userId(principal), context.getAuthorizedScopes());
            Map<String, Object> authn = tokenClaims.authenticationClaims(principal);
            context.getClaims().claims(c -> {
                c.putAll(standard);
                c.putAll(authn);
            });
        }
        OAuth2Authorization authorization = context.getAuthorization();
        if (authorization != null && authorization.getAccessToken() != null) {
            OAuth2AccessToken accessToken = authorization.getAccessToken().getToken();
            context.getClaims().claim("at_hash", leftHalfHash(accessToken.getTokenValue(), context.getJwsHeader().build().getAlgorithm()));
        }
    }

    /**
     * OIDC Core 3.1.3.6: base64url of the left half of the hash of the token, with the hash of the ID token's
     * algorithm: SHA-256 for RS256 and ES256, SHA-512 for EdDSA with Ed25519 (OpenID Connect Token Hash Algorithms).
     */
    static String leftHalfHash(String value, JwsAlgorithm algorithm) {
        try {
            String hash = EdDsa.is(algorithm) ? "SHA-512" : "SHA-256";
            byte[] digest = MessageDigest.getInstance(hash).digest(value.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, digest.length / 2));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
