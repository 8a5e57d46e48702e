package africa.bengobox.auth.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import africa.bengobox.auth.support.Browser;
import africa.bengobox.auth.support.Db;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationRequest;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.device.DeviceCodeGrant;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.AccessTokenType;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.UserInfoSuccessResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.AccessTokenValidator;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Drives the server as a standard OpenID Connect relying party would, with the Nimbus OAuth 2.0 SDK for the protocol
 * and a cookie-keeping HTTP client for the sign-in pages.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = "bengobox.auth.import=src/test/resources/e2e-import.yaml")
class OidcRelyingPartyTest {

    static final URI CALLBACK = URI.create("http://127.0.0.1:9999/callback");
    static final ClientID WEB_APP = new ClientID("web-app");
    static final Secret WEB_SECRET = new Secret("web-app-secret-0123456789");

    @Autowired JdbcClient jdbc;
    @org.springframework.beans.factory.annotation.Value("${bengobox.auth.issuer}") String issuer;

    OIDCProviderMetadata op;
    Browser browser;

    @BeforeEach
    void discover() throws Exception {
        op = OIDCProviderMetadata.resolve(new Issuer(issuer));
        browser = new Browser(issuer);
    }

    ClientAuthentication webApp() {
        return new ClientSecretBasic(WEB_APP, WEB_SECRET);
    }

    // ---- discovery and keys -------------------------------------------------------------------------------------

    @Test
    void discoveryAdvertisesEveryEndpointUnderTheConfiguredIssuer() throws Exception {
        assertThat(op.getIssuer().getValue()).isEqualTo(issuer);
        assertThat(op.getAuthorizationEndpointURI()).hasToString(issuer + "/authorize");
        assertThat(op.getTokenEndpointURI()).hasToString(issuer + "/token");
        assertThat(op.getUserInfoEndpointURI()).hasToString(issuer + "/userinfo");
        assertThat(op.getIntrospectionEndpointURI()).hasToString(issuer + "/introspect");
        assertThat(op.getRevocationEndpointURI()).hasToString(issuer + "/revoke");
        assertThat(op.getEndSessionEndpointURI()).hasToString(issuer + "/logout");
        assertThat(op.getDeviceAuthorizationEndpointURI()).hasToString(issuer + "/device_authorization");
        assertThat(op.getJWKSetURI()).hasToString(issuer + "/.well-known/jwks.json");
        assertThat(op.supportsAuthorizationResponseIssuerParam()).isTrue();
        var rfc8414 = browser.get("/.well-known/oauth-authorization-server");
        assertThat(rfc8414.statusCode()).isEqualTo(200);
        assertThat(rfc8414.body()).contains("\"issuer\":\"" + issuer + "\"");
    }

    @Test
    void jwksPublishesPublicKeysWithKeyIds() throws Exception {
        JWKSet keys = JWKSet.load(op.getJWKSetURI().toURL());
        assertThat(keys.getKeys()).hasSizeGreaterThanOrEqualTo(2).allSatisfy(k -> {
            assertThat(k.getKeyID()).isNotBlank();
            assertThat(k.isPrivate()).isFalse();
        });
    }

    // ---- authorization code + PKCE -------------------------------------------------------------------------------

    record CodeFlow(String code, CodeVerifier verifier, Nonce nonce, State state) {
    }

    CodeFlow authorize(String clientId, URI redirect, String scope, String username, String password, Map<String, String> extra) {
        CodeVerifier verifier = new CodeVerifier();
        Nonce nonce = new Nonce();
        State state = new State();
        AuthenticationRequest.Builder request = new AuthenticationRequest.Builder(ResponseType.CODE, Scope.parse(scope),
                new ClientID(clientId), redirect).endpointURI(op.getAuthorizationEndpointURI()).state(state).nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256);
        extra.forEach((k, v) -> request.customParameter(k, v));
        HttpResponse<String> response = browser.get(request.build().toURI().toString());
        if (password != null) {
            response = browser.signIn(response, username, password);
        } else {
            response = browser.follow(response);
        }
        assertThat(Browser.isRedirect(response)).as("redirected back to the client: %s", response.body()).isTrue();
        Map<String, String> params = query(Browser.location(response));
        assertThat(params.get("state")).isEqualTo(state.getValue());
        assertThat(params.get("iss")).isEqualTo(issuer);
        return new CodeFlow(params.get("code"), verifier, nonce, state);
    }

    OIDCTokenResponse redeem(CodeFlow flow, ClientAuthentication client, URI redirect) throws Exception {
        TokenResponse response = OIDCTokenResponseParser.parse(new TokenRequest(op.getTokenEndpointURI(), client,
                new AuthorizationCodeGrant(new AuthorizationCode(flow.code()), redirect, flow.verifier())).toHTTPRequest().send());
        assertThat(response.indicatesSuccess()).as("token response: %s", response.toHTTPResponse().getBody()).isTrue();
        return (OIDCTokenResponse) response.toSuccessResponse();
    }

    @Test
    void codeFlowWithPkceYieldsValidIdTokenAccessTokenAndUserinfo() throws Exception {
        CodeFlow flow = authorize("web-app", CALLBACK, "openid profile email offline_access", "alice", "alice-password-1", Map.of());
        OIDCTokenResponse tokens = redeem(flow, webApp(), CALLBACK);

        IDTokenValidator validator = new IDTokenValidator(op.getIssuer(), WEB_APP, JWSAlgorithm.RS256, op.getJWKSetURI().toURL());
        IDTokenClaimsSet id = validator.validate(tokens.getOIDCTokens().getIDToken(), flow.nonce());
        AccessToken accessToken = tokens.getOIDCTokens().getAccessToken();
        AccessTokenValidator.validate(accessToken, JWSAlgorithm.RS256, id.getAccessTokenHash());
        assertThat(id.getStringClaim("sid")).isNotBlank();
        assertThat(id.getAuthenticationTime()).isNotNull();
        assertThat(id.getStringClaim("email")).isEqualTo("alice@example.com");

        SignedJWT at = SignedJWT.parse(accessToken.getValue());
        assertThat(at.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
        assertThat(at.getHeader().getKeyID()).isNotBlank();
        var claims = at.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(issuer);
        assertThat(claims.getSubject()).isEqualTo(id.getSubject().getValue());
        assertThat(claims.getStringClaim("client_id")).isEqualTo("web-app");
        assertThat(claims.getStringClaim("scope").split(" ")).containsExactlyInAnyOrder("openid", "profile", "email", "offline_access");
        assertThat(claims.getStringClaim("tenant_slug")).isEqualTo("acme");
        assertThat(claims.getStringClaim("tenant_id")).isNotBlank();
        assertThat(claims.getStringListClaim("roles")).containsExactly("cashier", "staff");
        assertThat(claims.getStringClaim("sid")).isEqualTo(id.getStringClaim("sid"));
        assertThat(claims.getStringListClaim("amr")).containsExactly("pwd");
        assertThat(claims.getClaim("auth_time")).isNotNull();
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getNotBeforeTime()).isNotNull();

        UserInfoResponse userInfo = UserInfoResponse.parse(new UserInfoRequest(op.getUserInfoEndpointURI(),
                (BearerAccessToken) accessToken).toHTTPRequest().send());
        assertThat(userInfo.indicatesSuccess()).isTrue();
        var info = ((UserInfoSuccessResponse) userInfo).getUserInfo();
        assertThat(info.getSubject().getValue()).isEqualTo(id.getSubject().getValue());
        assertThat(info.getEmailAddress()).isEqualTo("alice@example.com");
        assertThat(info.getPreferredUsername()).isEqualTo("alice");

        var post = new UserInfoRequest(op.getUserInfoEndpointURI(), com.nimbusds.oauth2.sdk.http.HTTPRequest.Method.POST,
                (BearerAccessToken) accessToken).toHTTPRequest().send();
        assertThat(post.getStatusCode()).as("%s %s", post.getHeaderMap(), post.getBody()).isEqualTo(200);
    }

    @Test
    void refreshRotatesAndReuseRevokesTheFamily() throws Exception {
        CodeFlow flow = authorize("web-app", CALLBACK, "openid offline_access", "alice", "alice-password-1", Map.of());
        OIDCTokenResponse first = redeem(flow, webApp(), CALLBACK);
        RefreshToken original = first.getTokens().getRefreshToken();
        assertThat(original).isNotNull();

        TokenResponse rotated = refresh(original);
        assertThat(rotated.indicatesSuccess()).isTrue();
        RefreshToken second = rotated.toSuccessResponse().getTokens().getRefreshToken();
        AccessToken secondAccess = rotated.toSuccessResponse().getTokens().getAccessToken();
        assertThat(second.getValue()).isNotEqualTo(original.getValue());
        assertThat(introspect(secondAccess.getValue(), webApp()).isActive()).isTrue();

        TokenResponse replay = refresh(original);
        assertThat(replay.indicatesSuccess()).isFalse();
        assertThat(replay.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_grant");

        assertThat(refresh(second).indicatesSuccess()).as("the newer token dies with its family").isFalse();
        assertThat(introspect(secondAccess.getValue(), webApp()).isActive()).isFalse();
        assertThat(introspect(first.getTokens().getAccessToken().getValue(), webApp()).isActive()).isFalse();
    }

    TokenResponse refresh(RefreshToken token) throws Exception {
        return OIDCTokenResponseParser.parse(new TokenRequest(op.getTokenEndpointURI(), webApp(), new RefreshTokenGrant(token))
                .toHTTPRequest().send());
    }

    TokenIntrospectionSuccessResponse introspect(String token, ClientAuthentication client) throws Exception {
        TokenIntrospectionResponse response = TokenIntrospectionResponse.parse(new TokenIntrospectionRequest(
                op.getIntrospectionEndpointURI(), client, new BearerAccessToken(token)).toHTTPRequest().send());
        assertThat(response.indicatesSuccess()).isTrue();
        return response.toSuccessResponse();
    }

    @Test
    void revokedAccessTokenIntrospectsInactive() throws Exception {
        CodeFlow flow = authorize("web-app", CALLBACK, "openid", "alice", "alice-password-1", Map.of());
        AccessToken token = redeem(flow, webApp(), CALLBACK).getTokens().getAccessToken();
        TokenIntrospectionSuccessResponse before = introspect(token.getValue(), webApp());
        assertThat(before.isActive()).isTrue();
        assertThat(before.getClientID()).isEqualTo(WEB_APP);
        HTTPResponse revoked = new TokenRevocationRequest(op.getRevocationEndpointURI(), webApp(), token).toHTTPRequest().send();
        assertThat(revoked.getStatusCode()).isEqualTo(200);
        assertThat(introspect(token.getValue(), webApp()).isActive()).isFalse();
    }

    @Test
    void opaqueAccessTokensIntrospectWithTheirClaims() throws Exception {
        var client = new ClientSecretBasic(new ClientID("opaque-app"), new Secret("opaque-secret-0123456789"));
        CodeFlow flow = authorize("opaque-app", URI.create("http://127.0.0.1:9997/cb"), "openid profile", "alice", "alice-password-1", Map.of());
        AccessToken token = redeem(flow, client, URI.create("http://127.0.0.1:9997/cb")).getTokens().getAccessToken();
        assertThat(token.getValue().split("\\.")).hasSizeLessThan(3);
        TokenIntrospectionSuccessResponse info = introspect(token.getValue(), client);
        assertThat(info.isActive()).isTrue();
        assertThat(info.getStringParameter("tenant_slug")).isEqualTo("acme");
        assertThat(info.getScope()).isEqualTo(Scope.parse("openid profile"));
        UserInfoResponse userInfo = UserInfoResponse.parse(new UserInfoRequest(op.getUserInfoEndpointURI(),
                (BearerAccessToken) token).toHTTPRequest().send());
        assertThat(userInfo.indicatesSuccess()).as("userinfo takes opaque tokens too").isTrue();
        assertThat(((UserInfoSuccessResponse) userInfo).getUserInfo().getPreferredUsername()).isEqualTo("alice");
    }

    // ---- client credentials --------------------------------------------------------------------------------------

    @Test
    void clientCredentialsTokenIsSelfContainedAndWritesNothing() throws Exception {
        long authorizations = Db.count(jdbc, "oauth_authorizations");
        var pos = new ClientSecretBasic(new ClientID("pos-service"), new Secret("pos-service-secret-0123456789"));
        AccessToken token = clientCredentials(pos, "inventory.read");
        assertThat(Db.count(jdbc, "oauth_authorizations")).isEqualTo(authorizations);
        assertThat(token.getType()).isEqualTo(AccessTokenType.BEARER);
        assertThat(token.getLifetime()).isBetween(1L, 3600L);
        assertThat(token.getScope()).isEqualTo(Scope.parse("inventory.read"));

        var claims = SignedJWT.parse(token.getValue()).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("pos-service");
        assertThat(claims.getStringClaim("client_id")).isEqualTo("pos-service");
        assertThat(claims.getStringClaim("tenant_slug")).isEqualTo("acme");
        assertThat(claims.getStringClaim("scope")).isEqualTo("inventory.read");

        assertThat(introspect(token.getValue(), pos).isActive()).isTrue();
        var rs = new ClientSecretBasic(new ClientID("resource-server"), new Secret("resource-server-secret-0123"));
        TokenIntrospectionSuccessResponse introspected = introspect(token.getValue(), rs);
        assertThat(introspected.isActive()).as("resource servers may introspect any token").isTrue();
        assertThat(introspected.getScope()).isEqualTo(Scope.parse("inventory.read"));
        assertThat(introspected.getClientID()).isEqualTo(new ClientID("pos-service"));
        assertThat(introspected.getSubject()).hasToString("pos-service");
        assertThat(introspected.getIssuer()).hasToString(op.getIssuer().getValue());
        assertThat(introspected.getExpirationTime()).isAfter(new java.util.Date());
        assertThat(introspected.getIssueTime()).isBeforeOrEqualTo(new java.util.Date());
        assertThat(introspected.getJWTID()).isNotNull();
        assertThat(introspect(token.getValue(), webApp()).isActive()).as("other clients learn nothing").isFalse();

        assertThat(new TokenRevocationRequest(op.getRevocationEndpointURI(), pos, token).toHTTPRequest().send().getStatusCode()).isEqualTo(200);
        assertThat(introspect(token.getValue(), pos).isActive()).isFalse();
        assertThat(Db.count(jdbc, "token_revocations")).isPositive();
    }

    @Test
    void es256ClientGetsEs256AccessTokensAndPostAuthenticationWorks() throws Exception {
        var es = new ClientSecretPost(new ClientID("es-service"), new Secret("es-service-secret-0123456789"));
        SignedJWT jwt = SignedJWT.parse(clientCredentials(es, "inventory.read").getValue());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
    }

    @Test
    void edDsaClientGetsEdDsaTokensThatVerifyAgainstTheJwks() throws Exception {
        var ed = new ClientSecretBasic(new ClientID("ed-app"), new Secret("ed-app-secret-0123456789"));
        AccessToken m2m = clientCredentials(ed, "inventory.read");
        SignedJWT jwt = SignedJWT.parse(m2m.getValue());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.EdDSA);
        var jwk = JWKSet.load(op.getJWKSetURI().toURL()).getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(jwk).isInstanceOf(com.nimbusds.jose.jwk.OctetKeyPair.class);
        var publicKey = java.security.KeyFactory.getInstance("Ed25519").generatePublic(new java.security.spec.X509EncodedKeySpec(
                concat(java.util.HexFormat.of().parseHex("302a300506032b6570032100"), ((com.nimbusds.jose.jwk.OctetKeyPair) jwk).getX().decode())));
        var verifier = java.security.Signature.getInstance("Ed25519");
        verifier.initVerify(publicKey);
        verifier.update(jwt.getSigningInput());
        assertThat(verifier.verify(jwt.getSignature().decode())).isTrue();
        assertThat(introspect(m2m.getValue(), ed).isActive()).isTrue();

        URI cb = URI.create("http://127.0.0.1:9994/cb");
        CodeFlow flow = authorize("ed-app", cb, "openid profile", "alice", "alice-password-1", Map.of());
        OIDCTokenResponse tokens = redeem(flow, ed, cb);
        SignedJWT idToken = (SignedJWT) tokens.getOIDCTokens().getIDToken();
        assertThat(idToken.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.EdDSA);
        byte[] sha512 = java.security.MessageDigest.getInstance("SHA-512").digest(
                tokens.getTokens().getAccessToken().getValue().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(idToken.getJWTClaimsSet().getStringClaim("at_hash"))
                .isEqualTo(com.nimbusds.jose.util.Base64URL.encode(java.util.Arrays.copyOf(sha512, 32)).toString());
        var userInfo = new UserInfoRequest(op.getUserInfoEndpointURI(), (BearerAccessToken) tokens.getTokens().getAccessToken())
                .toHTTPRequest().send();
        assertThat(userInfo.getStatusCode()).isEqualTo(200);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    AccessToken clientCredentials(ClientAuthentication client, String scope) throws Exception {
        TokenResponse response = TokenResponse.parse(new TokenRequest(op.getTokenEndpointURI(), client,
                new ClientCredentialsGrant(), Scope.parse(scope)).toHTTPRequest().send());
        assertThat(response.indicatesSuccess()).as("%s", response.toHTTPResponse().getBody()).isTrue();
        return response.toSuccessResponse().getTokens().getAccessToken();
    }

    // ---- device grant --------------------------------------------------------------------------------------------

    @Test
    void deviceGrant() throws Exception {
        DeviceAuthorizationResponse started = DeviceAuthorizationResponse.parse(new DeviceAuthorizationRequest.Builder(webApp())
                .endpointURI(op.getDeviceAuthorizationEndpointURI()).scope(Scope.parse("openid profile")).build().toHTTPRequest().send());
        assertThat(started.indicatesSuccess()).as("%s", started.toHTTPResponse().getBody()).isTrue();
        DeviceAuthorizationSuccessResponse device = started.toSuccessResponse();
        assertThat(device.getVerificationURI()).hasToString(issuer + "/device");

        TokenResponse pending = deviceToken(device);
        assertThat(pending.toErrorResponse().getErrorObject().getCode()).isEqualTo("authorization_pending");
        TokenResponse tooFast = deviceToken(device);
        assertThat(tooFast.toErrorResponse().getErrorObject().getCode()).isEqualTo("slow_down");

        HttpResponse<String> page = browser.signIn(browser.get("/device"), "alice", "alice-password-1");
        assertThat(page.statusCode()).isEqualTo(200);
        HttpResponse<String> consent = browser.follow(browser.get("/device?user_code=" + device.getUserCode().getValue()));
        assertThat(consent.body()).as("the user confirms the code shown on the device").contains(device.getUserCode().getValue());
        HttpResponse<String> done = browser.follow(browser.submit(consent, "consent-form"));
        assertThat(done.uri().getPath()).as("%s %s", done.statusCode(), done.body()).isEqualTo("/device/done");

        TokenResponse tokens = deviceToken(device);
        assertThat(tokens.indicatesSuccess()).as("%s", tokens.toHTTPResponse().getBody()).isTrue();
        OIDCTokenResponse oidc = (OIDCTokenResponse) tokens.toSuccessResponse();
        assertThat(oidc.getOIDCTokens().getIDToken()).as("openid in the device flow yields an ID token").isNotNull();
        var claims = SignedJWT.parse(oidc.getTokens().getAccessToken().getValue()).getJWTClaimsSet();
        assertThat(claims.getStringClaim("tenant_slug")).isEqualTo("acme");
        assertThat(deviceToken(device).indicatesSuccess()).as("device codes are single-use").isFalse();
    }

    @Test
    void publicDeviceClientIdentifiesItselfByClientId() throws Exception {
        ClientID kiosk = new ClientID("kiosk");
        DeviceAuthorizationResponse started = DeviceAuthorizationResponse.parse(new DeviceAuthorizationRequest.Builder(kiosk)
                .endpointURI(op.getDeviceAuthorizationEndpointURI()).scope(Scope.parse("openid profile")).build().toHTTPRequest().send());
        assertThat(started.indicatesSuccess()).as("%s", started.toHTTPResponse().getBody()).isTrue();
        DeviceAuthorizationSuccessResponse device = started.toSuccessResponse();
        browser.signIn(browser.get("/device"), "alice", "alice-password-1");
        HttpResponse<String> consent = browser.follow(browser.get("/device?user_code=" + device.getUserCode().getValue()));
        browser.follow(browser.submit(consent, "consent-form"));
        TokenResponse tokens = OIDCTokenResponseParser.parse(new TokenRequest(op.getTokenEndpointURI(), kiosk,
                new DeviceCodeGrant(device.getDeviceCode()), null).toHTTPRequest().send());
        assertThat(tokens.indicatesSuccess()).as("%s", tokens.toHTTPResponse().getBody()).isTrue();

        HTTPResponse stranger = new DeviceAuthorizationRequest.Builder(new ClientID("web-app"))
                .endpointURI(op.getDeviceAuthorizationEndpointURI()).build().toHTTPRequest().send();
        assertThat(stranger.getStatusCode()).as("a confidential client must authenticate").isEqualTo(401);
    }

    @Test
    void privateKeyJwtClientAuthentication() throws Exception {
        var key = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("signer-1").generate();
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 9995), 0);
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        server.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        server.start();
        try {
            var assertion = new com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT(new ClientID("signed-service"), op.getTokenEndpointURI(),
                    JWSAlgorithm.RS256, key.toPrivateKey(), key.getKeyID(), null);
            AccessToken token = clientCredentials(assertion, "inventory.read");
            assertThat(SignedJWT.parse(token.getValue()).getJWTClaimsSet().getStringClaim("client_id")).isEqualTo("signed-service");

            var otherKey = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("signer-1").generate();
            var forged = new com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT(new ClientID("signed-service"), op.getTokenEndpointURI(),
                    JWSAlgorithm.RS256, otherKey.toPrivateKey(), otherKey.getKeyID(), null);
            HTTPResponse refused = new TokenRequest(op.getTokenEndpointURI(), forged, new ClientCredentialsGrant(), null)
                    .toHTTPRequest().send();
            assertThat(refused.getStatusCode()).isEqualTo(401);
        } finally {
            server.stop(0);
        }
    }

    TokenResponse deviceToken(DeviceAuthorizationSuccessResponse device) throws Exception {
        return OIDCTokenResponseParser.parse(new TokenRequest(op.getTokenEndpointURI(), webApp(),
                new DeviceCodeGrant(device.getDeviceCode())).toHTTPRequest().send());
    }

    // ---- logout --------------------------------------------------------------------------------------------------

    @Test
    void rpInitiatedLogoutEndsTheSession() throws Exception {
        CodeFlow flow = authorize("web-app", CALLBACK, "openid", "alice", "alice-password-1", Map.of());
        JWT idToken = redeem(flow, webApp(), CALLBACK).getOIDCTokens().getIDToken();
        HttpResponse<String> logout = browser.get("/logout?id_token_hint=" + idToken.serialize()
                + "&post_logout_redirect_uri=http://127.0.0.1:9999/&state=bye");
        assertThat(Browser.location(logout)).isEqualTo("http://127.0.0.1:9999/?state=bye");

        HttpResponse<String> silent = silentAuthorization("s1");
        assertThat(query(Browser.location(silent))).containsEntry("error", "login_required");
    }

    @Test
    void logoutAcceptsTheIdTokenOfAnAuthorizationThatIsGone() throws Exception {
        CodeFlow flow = authorize("web-app", CALLBACK, "openid", "alice", "alice-password-1", Map.of());
        JWT idToken = redeem(flow, webApp(), CALLBACK).getOIDCTokens().getIDToken();
        // what the hourly clean-up does once the tokens expired, and what reuse detection does at once
        jdbc.sql("delete from oauth_authorizations").update();

        HttpResponse<String> logout = browser.get("/logout?id_token_hint=" + idToken.serialize()
                + "&post_logout_redirect_uri=http://127.0.0.1:9999/&state=bye");
        assertThat(Browser.location(logout)).isEqualTo("http://127.0.0.1:9999/?state=bye");
        HttpResponse<String> silent = silentAuthorization("s2");
        assertThat(query(Browser.location(silent))).containsEntry("error", "login_required");
    }

    @Test
    void logoutRefusesAnIdTokenHintThatIsNotOurs() throws Exception {
        CodeFlow flow = authorize("web-app", CALLBACK, "openid", "alice", "alice-password-1", Map.of());
        JWT idToken = redeem(flow, webApp(), CALLBACK).getOIDCTokens().getIDToken();
        jdbc.sql("delete from oauth_authorizations").update();
        String[] parts = idToken.serialize().split("\\.");
        String tampered = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();

        HttpResponse<String> logout = browser.get("/logout?id_token_hint=" + tampered
                + "&post_logout_redirect_uri=http://127.0.0.1:9999/&state=bye");
        assertThat(logout.statusCode()).isEqualTo(400);
        assertThat(logout.headers().firstValue("Location")).isEmpty();
        HttpResponse<String> silent = silentAuthorization("s3");
        assertThat(query(Browser.location(silent))).containsKey("code");
    }

    @Test
    void logoutRefusesTheIdTokenOfAnEarlierSignIn() throws Exception {
        JWT earlier = redeem(authorize("web-app", CALLBACK, "openid", "alice", "alice-password-1", Map.of()), webApp(), CALLBACK)
                .getOIDCTokens().getIDToken();
        // prompt=login signs the same browser in again: a new session, so a new sid
        JWT current = redeem(authorize("web-app", CALLBACK, "openid", "alice", "alice-password-1", Map.of("prompt", "login")),
                webApp(), CALLBACK).getOIDCTokens().getIDToken();
        assertThat(current.getJWTClaimsSet().getStringClaim("sid")).isNotBlank()
                .isNotEqualTo(earlier.getJWTClaimsSet().getStringClaim("sid"));

        HttpResponse<String> refused = browser.get("/logout?id_token_hint=" + earlier.serialize()
                + "&post_logout_redirect_uri=http://127.0.0.1:9999/&state=bye");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(query(Browser.location(silentAuthorization("s4")))).containsKey("code");

        HttpResponse<String> logout = browser.get("/logout?id_token_hint=" + current.serialize()
                + "&post_logout_redirect_uri=http://127.0.0.1:9999/&state=bye");
        assertThat(Browser.location(logout)).isEqualTo("http://127.0.0.1:9999/?state=bye");
        assertThat(query(Browser.location(silentAuthorization("s5")))).containsEntry("error", "login_required");
    }

    /** An authorization request with prompt=none from the test's browser: a code while it is signed in. */
    HttpResponse<String> silentAuthorization(String state) {
        return browser.get(new AuthenticationRequest.Builder(ResponseType.CODE, Scope.parse("openid"), WEB_APP, CALLBACK)
                .endpointURI(op.getAuthorizationEndpointURI()).state(new State(state)).nonce(new Nonce())
                .codeChallenge(new CodeVerifier(), CodeChallengeMethod.S256).prompt(com.nimbusds.openid.connect.sdk.Prompt.Type.NONE)
                .build().toURI().toString());
    }

    @Test
    void browserAppsOfRegisteredOriginsMayCallTheTokenEndpoint() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        java.util.function.Function<String, java.net.http.HttpResponse<String>> preflight = origin -> {
            try {
                return http.send(java.net.http.HttpRequest.newBuilder(op.getTokenEndpointURI())
                        .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                        .header("Origin", origin).header("Access-Control-Request-Method", "POST")
                        .header("Access-Control-Request-Headers", "content-type").build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        var allowed = preflight.apply("http://127.0.0.1:9996");
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains("http://127.0.0.1:9996");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
        var refused = preflight.apply("https://evil.example");
        assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    // ---- negative cases ------------------------------------------------------------------------------------------

    @Test
    void wrongVerifierIsInvalidGrant() throws Exception {
        CodeFlow flow = authorize("web-app", CALLBACK, "openid", "alice", "alice-password-1", Map.of());
        TokenResponse response = TokenResponse.parse(new TokenRequest(op.getTokenEndpointURI(), webApp(),
                new AuthorizationCodeGrant(new AuthorizationCode(flow.code()), CALLBACK, new CodeVerifier())).toHTTPRequest().send());
        assertThat(response.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_grant");
    }

    @Test
    void reusedCodeIsRefusedAndRevokesItsTokens() throws Exception {
        CodeFlow flow = authorize("web-app", CALLBACK, "openid offline_access", "alice", "alice-password-1", Map.of());
        OIDCTokenResponse tokens = redeem(flow, webApp(), CALLBACK);
        TokenResponse again = TokenResponse.parse(new TokenRequest(op.getTokenEndpointURI(), webApp(),
                new AuthorizationCodeGrant(new AuthorizationCode(flow.code()), CALLBACK, flow.verifier())).toHTTPRequest().send());
        assertThat(again.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_grant");
        assertThat(introspect(tokens.getTokens().getAccessToken().getValue(), webApp()).isActive()).isFalse();
        assertThat(refresh(tokens.getTokens().getRefreshToken()).indicatesSuccess()).isFalse();
    }

    @Test
    void ofRequestsRacingWithOneCodeOnlyOneGetsTokensAndTheyAreRevoked() throws Exception {
        CodeFlow flow = authorize("web-app", CALLBACK, "openid offline_access", "alice", "alice-password-1", Map.of());
        List<TokenResponse> exchanges = race(() -> TokenResponse.parse(new TokenRequest(op.getTokenEndpointURI(), webApp(),
                new AuthorizationCodeGrant(new AuthorizationCode(flow.code()), CALLBACK, flow.verifier())).toHTTPRequest().send()));

        assertOneSucceededAndTheOthersAreInvalidGrant(exchanges);
        var tokens = exchanges.stream().filter(TokenResponse::indicatesSuccess).findFirst().orElseThrow().toSuccessResponse().getTokens();
        assertThat(introspect(tokens.getAccessToken().getValue(), webApp()).isActive()).as("a code used twice revokes").isFalse();
        assertThat(refresh(tokens.getRefreshToken()).indicatesSuccess()).isFalse();
    }

    @Test
    void ofRequestsRacingWithOneRefreshTokenOnlyOneGetsTokens() throws Exception {
        CodeFlow flow = authorize("web-app", CALLBACK, "openid offline_access", "alice", "alice-password-1", Map.of());
        RefreshToken refreshToken = redeem(flow, webApp(), CALLBACK).getTokens().getRefreshToken();

        assertOneSucceededAndTheOthersAreInvalidGrant(race(() -> refresh(refreshToken)));
    }

    /** Sends eight requests at once, as clients retrying on several nodes would. */
    static List<TokenResponse> race(Callable<TokenResponse> request) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            List<Future<TokenResponse>> sent = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                sent.add(threads.submit(() -> {
                    start.await();
                    return request.call();
                }));
            }
            start.countDown();
            List<TokenResponse> responses = new ArrayList<>();
            for (Future<TokenResponse> response : sent) {
                responses.add(response.get(30, TimeUnit.SECONDS));
            }
            return responses;
        }
    }

    static void assertOneSucceededAndTheOthersAreInvalidGrant(List<TokenResponse> responses) {
        assertThat(responses.stream().filter(TokenResponse::indicatesSuccess)).hasSize(1);
        assertThat(responses.stream().filter(r -> !r.indicatesSuccess()).map(r -> r.toErrorResponse().getErrorObject().getCode()))
                .hasSize(responses.size() - 1).containsOnly("invalid_grant");
    }

    @Test
    void unregisteredRedirectUriShowsAnErrorPageAndNeverRedirects() {
        HttpResponse<String> response = browser.get(op.getAuthorizationEndpointURI() + "?response_type=code&client_id=web-app"
                + "&redirect_uri=https://evil.example/cb&scope=openid&state=x&code_challenge_method=S256"
                + "&code_challenge=" + new CodeVerifier().getValue());
        HttpResponse<String> page = browser.follow(response);
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.headers().firstValue("Location")).isEmpty();
        assertThat(page.body()).contains("invalid_request").doesNotContain("evil.example/cb?");
    }

    @Test
    void badClientSecretIs401WithWwwAuthenticate() throws Exception {
        HTTPResponse response = new TokenRequest(op.getTokenEndpointURI(), new ClientSecretBasic(WEB_APP, new Secret("wrong-secret-000000")),
                new ClientCredentialsGrant(), null).toHTTPRequest().send();
        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(response.getHeaderValue("WWW-Authenticate")).startsWith("Basic");
        assertThat(TokenErrorResponse.parse(response).getErrorObject().getCode()).isEqualTo("invalid_client");
    }

    @Test
    void unsupportedGrantType() throws Exception {
        var request = new com.nimbusds.oauth2.sdk.http.HTTPRequest(com.nimbusds.oauth2.sdk.http.HTTPRequest.Method.POST,
                op.getTokenEndpointURI());
        request.setContentType("application/x-www-form-urlencoded");
        request.setAuthorization(((ClientSecretBasic) webApp()).toHTTPAuthorizationHeader());
        request.setBody("grant_type=password&username=alice&password=alice-password-1");
        HTTPResponse response = request.send();
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(TokenErrorResponse.parse(response).getErrorObject().getCode()).isEqualTo("unsupported_grant_type");
    }

    @Test
    void promptNoneWithoutSessionIsLoginRequired() {
        HttpResponse<String> response = browser.get(new AuthenticationRequest.Builder(ResponseType.CODE, Scope.parse("openid"),
                WEB_APP, CALLBACK).endpointURI(op.getAuthorizationEndpointURI()).state(new State("quiet")).nonce(new Nonce())
                .codeChallenge(new CodeVerifier(), CodeChallengeMethod.S256).prompt(com.nimbusds.openid.connect.sdk.Prompt.Type.NONE).build().toURI().toString());
        Map<String, String> params = query(Browser.location(response));
        assertThat(params).containsEntry("error", "login_required").containsEntry("state", "quiet").containsEntry("iss", issuer);
    }

    @Test
    void nonMemberTenantIsAccessDenied() {
        CodeVerifier verifier = new CodeVerifier();
        HttpResponse<String> response = browser.signIn(browser.get(new AuthenticationRequest.Builder(ResponseType.CODE,
                Scope.parse("openid"), WEB_APP, CALLBACK).endpointURI(op.getAuthorizationEndpointURI()).state(new State("t"))
                .nonce(new Nonce()).codeChallenge(verifier, CodeChallengeMethod.S256).customParameter("tenant", "globex")
                .build().toURI().toString()), "alice", "alice-password-1");
        assertThat(query(Browser.location(response))).containsEntry("error", "access_denied").containsEntry("state", "t");
    }

    @Test
    void suspendedTenantIsAccessDenied() {
        jdbc.sql("update tenants set status = 'suspended' where slug = 'dormant'").update();
        HttpResponse<String> response = browser.signIn(browser.get(new AuthenticationRequest.Builder(ResponseType.CODE,
                Scope.parse("openid"), WEB_APP, CALLBACK).endpointURI(op.getAuthorizationEndpointURI()).state(new State("d"))
                .nonce(new Nonce()).codeChallenge(new CodeVerifier(), CodeChallengeMethod.S256).build().toURI().toString()),
                "dora", "dora-password-1");
        assertThat(query(Browser.location(response))).containsEntry("error", "access_denied");
    }

    @Test
    void userWithSeveralTenantsPicksOne() {
        CodeVerifier verifier = new CodeVerifier();
        HttpResponse<String> picker = browser.signIn(browser.get(new AuthenticationRequest.Builder(ResponseType.CODE,
                Scope.parse("openid"), WEB_APP, CALLBACK).endpointURI(op.getAuthorizationEndpointURI()).state(new State("p"))
                .nonce(new Nonce()).codeChallenge(verifier, CodeChallengeMethod.S256).build().toURI().toString()),
                "bob", "bob-password-12");
        assertThat(picker.statusCode()).isEqualTo(200);
        assertThat(picker.body()).contains("globex").contains("acme");
        String continueUrl = UriComponentsBuilder.fromUriString(picker.uri().toString()).build().getQueryParams().getFirst("continue");
        HttpResponse<String> back = browser.follow(browser.post("/tenant", Map.of("tenant", "globex",
                "continue", java.net.URLDecoder.decode(continueUrl, java.nio.charset.StandardCharsets.UTF_8),
                "_csrf", Browser.csrf(picker.body()))));
        assertThat(query(Browser.location(back))).containsKey("code").containsEntry("state", "p");
    }

    @Test
    void plainPkceIsRefusedAndPublicClientsMustUsePkce() {
        HttpResponse<String> plain = browser.get(op.getAuthorizationEndpointURI() + "?response_type=code&client_id=spa"
                + "&redirect_uri=http://127.0.0.1:9996/cb&scope=openid&state=x&code_challenge_method=plain&code_challenge="
                + new CodeVerifier().getValue());
        assertThat(query(Browser.location(plain))).containsEntry("error", "invalid_request");
        HttpResponse<String> none = browser.get(op.getAuthorizationEndpointURI() + "?response_type=code&client_id=spa"
                + "&redirect_uri=http://127.0.0.1:9996/cb&scope=openid&state=x");
        assertThat(query(Browser.location(none))).containsEntry("error", "invalid_request");
    }

    static Map<String, String> query(String url) {
        var params = UriComponentsBuilder.fromUriString(url).build().getQueryParams();
        Map<String, String> result = new java.util.HashMap<>();
        params.forEach((k, v) -> result.put(k, v.get(0) == null ? null
                : java.net.URLDecoder.decode(v.get(0), java.nio.charset.StandardCharsets.UTF_8)));
        return result;
    }
}
