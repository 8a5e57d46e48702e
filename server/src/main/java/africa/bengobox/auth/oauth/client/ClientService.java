package africa.bengobox.auth.oauth.client;

import africa.bengobox.auth.config.AuthProperties;
import africa.bengobox.auth.keys.SigningAlgorithm;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The client registry: validation of client declarations, storage, and a read cache for the token endpoint. Every
 * change moves the registry's version on; each node reads it twice a second and drops its cache when it moved, so a
 * change made on one node (the import at its start) holds on all of them within a second.
 */
@Service
public class ClientService {

    public static final String DEVICE_CODE = "urn:ietf:params:oauth:grant-type:device_code";
    public static final Set<String> GRANT_TYPES = Set.of("authorization_code", "refresh_token", "client_credentials", DEVICE_CODE);
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,128}");
    private static final int MIN_IMPORTED_SECRET = 16;

    private final ClientRepository repository;
    private final ClientSecretHasher hasher;
    private final AuthProperties properties;
    private final Clock clock;
    private final Map<String, Optional<OAuthClient>> byClientId = new ConcurrentHashMap<>();
    private final Map<UUID, Optional<OAuthClient>> byId = new ConcurrentHashMap<>();
    private volatile Set<String> clientOrigins;

    ClientService(ClientRepository repository, ClientSecretHasher hasher, AuthProperties properties, Clock clock) {
        this.repository = repository;
        this.hasher = hasher;
        this.properties = properties;
        this.clock = clock;
    }

    public Optional<OAuthClient> findByClientId(String clientId) {
        Optional<OAuthClient> cached = clientId == null ? null : byClientId.get(clientId);
        if (cached != null) {
            return cached;
        }
        if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
            return Optional.empty();
        }
        // only registered clients are cached: unknown ids come from anyone and would grow the cache without bound
        long version = repository.changes().seen();
        Optional<OAuthClient> loaded = repository.findByClientId(clientId);
        loaded.ifPresent(client -> cache(client, version));
        return loaded;
    }

    public Optional<OAuthClient> findById(UUID id) {
        Optional<OAuthClient> cached = byId.get(id);
        if (cached != null) {
            return cached;
        }
        long version = repository.changes().seen();
        Optional<OAuthClient> loaded = repository.findById(id);
        loaded.ifPresent(client -> cache(client, version));
        return loaded;
    }

    /**
     * Under both keys, so both lookups return the same instance and what is derived from it is derived once. A
     * registration read before the registry moved on may be older than the change: it is taken back out, whether the
     * move was seen before the put (here) or after it (then {@link #followRegistry} clears the cache after the put).
     */
    private void cache(OAuthClient client, long readAtVersion) {
        Optional<OAuthClient> entry = Optional.of(client);
        byClientId.put(client.clientId(), entry);
        byId.put(client.id(), entry);
        if (repository.changes().seen() != readAtVersion) {
            byClientId.remove(client.clientId(), entry);
            byId.remove(client.id(), entry);
        }
    }

    /** Drops the whole cache when the registry changed since this node last looked (a change on any node). */
    @Scheduled(fixedDelay = 500)
    void followRegistry() {
        repository.changes().poll(() -> {
            clientOrigins = null;
            byClientId.clear();
            byId.clear();
        });
    }

    /**
     * Whether a browser origin belongs to a registered client (the origin of one of its redirect URIs): such
     * origins may call the token, revocation and userinfo endpoints from JavaScript (CORS).
     */
    public boolean isClientOrigin(String origin) {
        Set<String> origins = clientOrigins;
        if (origins == null) {
            origins = new java.util.HashSet<>();
            for (String uri : repository.allRedirectUris()) {
                try {
                    URI parsed = new URI(uri);
                    if (parsed.getScheme() != null && parsed.getHost() != null && parsed.getScheme().startsWith("http")) {
                        origins.add(parsed.getScheme() + "://" + parsed.getRawAuthority());
                    }
                } catch (URISyntaxException e) {
                    // stored URIs were validated on registration; an unparsable one simply grants no origin
                }
            }
            clientOrigins = Set.copyOf(origins);
        }
        return origin != null && clientOrigins.contains(origin);
    }

    /** Drops this node's cached registration of a client it changed, at once rather than at the next poll. */
    private void evict(String clientId) {
        clientOrigins = null;
        Optional<OAuthClient> cached = byClientId.remove(clientId);
        if (cached != null) {
            cached.ifPresent(c -> byId.remove(c.id()));
        }
        byId.values().removeIf(c -> c.isEmpty() || c.get().clientId().equals(clientId));
    }

    /** The stored client, and the secret the server generated for it if it made one now (shown once, never stored). */
    public record Registration(OAuthClient client, String issuedSecret) {
        @Override
        public String toString() {
            return "Registration[client=" + client.clientId() + "]";
        }
    }

    /** Creates the client or updates the one with that client_id from a full declaration. */
    @Transactional
    public Registration upsert(ClientDefinition d) {
        Instant now = clock.instant();
        Optional<OAuthClient> existing = repository.findByClientId(d.clientId() == null ? "" : d.clientId());
        String issued = null;
        String secretHash = d.clientSecret() == null ? null : hasher.encode(d.clientSecret());
        if (d.generateSecret()) {
            secretHash = existing.map(OAuthClient::secretHash).orElse(null);
            if (secretHash == null) {
                issued = hasher.generateSecret();
                secretHash = hasher.encode(issued);
            }
        }
        OAuthClient client = validate(d, existing.map(OAuthClient::id).orElseGet(UUID::randomUUID),
                existing.map(OAuthClient::createdAt).orElse(now), now, secretHash);
        if (existing.isPresent()) {
            repository.update(client);
        } else {
            repository.insert(client);
        }
        repository.changes().advance();
        evictAfterCommit(client.clientId());
        return new Registration(client, issued);
    }

    private void evictAfterCommit(String clientId) {
        evict(clientId);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    evict(clientId);
                }
            });
        }
    }

    private OAuthClient validate(ClientDefinition d, UUID id, Instant createdAt, Instant now, String secretHash) {
        if (d.clientId() == null || !CLIENT_ID.matcher(d.clientId()).matches()) {
            throw new IllegalArgumentException("client_id must be 1-100 letters, digits or . _ : -");
        }
        Set<String> grants = new LinkedHashSet<>(orEmpty(d.grantTypes()));
        if (grants.isEmpty()) {
            throw new IllegalArgumentException("grant_types must name at least one grant");
        }
        for (String g : grants) {
            if (!GRANT_TYPES.contains(g)) {
                throw new IllegalArgumentException("grant type '" + g + "' is not supported; use " + String.join(", ", GRANT_TYPES.stream().sorted().toList()));
            }
        }
        if ((d.clientSecret() != null || d.generateSecret()) && d.jwksUri() != null) {
            throw new IllegalArgumentException("a client authenticates with either client_secret or jwks_uri, not both");
        }
        if (d.clientSecret() != null && d.clientSecret().length() < MIN_IMPORTED_SECRET) {
            throw new IllegalArgumentException("client_secret must be at least " + MIN_IMPORTED_SECRET + " characters");
        }
        Set<String> methods = secretHash != null ? Set.of("client_secret_basic", "client_secret_post")
                : d.jwksUri() != null ? Set.of("private_key_jwt") : Set.of("none");
        boolean publicClient = methods.contains("none");
        if (publicClient && grants.contains("client_credentials")) {
            throw new IllegalArgumentException("a public client (no client_secret or jwks_uri) cannot use client_credentials");
        }
        if (publicClient && grants.contains("refresh_token")) {
            // Spring issues no refresh token to a public client, and one could not authenticate to redeem it
            throw new IllegalArgumentException("a public client (no client_secret or jwks_uri) cannot use refresh_token");
        }
        if (d.jwksUri() != null) {
            requireUrl(d.jwksUri(), "jwks_uri", false);
        }
        List<String> redirects = orEmpty(d.redirectUris());
        if (grants.contains("authorization_code") && redirects.isEmpty()) {
            throw new IllegalArgumentException("authorization_code needs at least one redirect URI");
        }
        redirects.forEach(u -> requireUrl(u, "redirect URI", true));
        orEmpty(d.postLogoutRedirectUris()).forEach(u -> requireUrl(u, "post-logout redirect URI", true));
        Set<String> scopes = new LinkedHashSet<>(orEmpty(d.scopes()));
        for (String s : scopes) {
            if (!SCOPE.matcher(s).matches()) {
                throw new IllegalArgumentException("scope '" + s + "' is not a valid scope token");
            }
        }
        boolean requirePkce = d.requirePkce() == null || d.requirePkce();
        if (publicClient && !requirePkce) {
            throw new IllegalArgumentException("public clients must use PKCE: require_pkce cannot be false");
        }
        OAuthClient.TokenFormat format = parseFormat(d.accessTokenFormat());
        String atAlg = algorithm(d.accessTokenAlg(), "access_token_alg");
        String idAlg = algorithm(d.idTokenAlg(), "id_token_signed_response_alg");
        String name = d.clientName() == null || d.clientName().isBlank() ? d.clientId() : d.clientName().trim();
        if (name.length() > 200) {
            throw new IllegalArgumentException("client_name must be at most 200 characters");
        }
        return new OAuthClient(id, d.clientId(), name, secretHash,
                d.tenantId(), methods, grants, redirects, orEmpty(d.postLogoutRedirectUris()), scopes,
                d.requireConsent() == null || d.requireConsent(), requirePkce, format, atAlg, idAlg, d.jwksUri(),
                Boolean.TRUE.equals(d.introspection()), null, null, true, createdAt, now);
    }

    private static OAuthClient.TokenFormat parseFormat(String value) {
        if (value == null) {
            return OAuthClient.TokenFormat.JWT;
        }
        try {
            return OAuthClient.TokenFormat.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("access_token_format must be jwt or opaque");
        }
    }

    private static String algorithm(String value, String field) {
        if (value == null) {
            return SigningAlgorithm.RS256.name();
        }
        return SigningAlgorithm.of(value).map(Enum::name).orElseThrow(() ->
                new IllegalArgumentException(field + " must be one of " + List.of(SigningAlgorithm.values())));
    }

    /**
     * Redirect URIs are compared exactly, so they must be absolute and carry no fragment (RFC 6749 3.1.2). Plain
     * http is accepted for loopback addresses (native apps, RFC 8252) and, outside production, for any host.
     */
    private void requireUrl(String value, String what, boolean allowCustomScheme) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(what + " '" + value + "' is not a valid URI");
        }
        if (!uri.isAbsolute() || uri.getFragment() != null || value.length() > 2048) {
            throw new IllegalArgumentException(what + " '" + value + "' must be absolute and without a fragment");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return;
        }
        if (scheme.equals("http")) {
            String host = uri.getHost() == null ? "" : uri.getHost();
            boolean loopback = host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("localhost");
            if (loopback || !properties.production()) {
                return;
            }
            throw new IllegalArgumentException(what + " '" + value + "' must use https (http only for loopback addresses)");
        }
        if (!allowCustomScheme || scheme.equals("javascript") || scheme.equals("data") || scheme.equals("file")) {
            throw new IllegalArgumentException(what + " '" + value + "' has a scheme that is not allowed");
        }
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
