package africa.bengobox.auth.oauth.store;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Remembered consents: which scopes a user granted to a third-party client. */
@Service
public class ConsentStore implements OAuth2AuthorizationConsentService {

    private final ConsentRepository repository;
    private final RegisteredClientRepository clients;
    private final Clock clock;

    ConsentStore(ConsentRepository repository, RegisteredClientRepository clients, Clock clock) {
        this.repository = repository;
        this.clients = clients;
        this.clock = clock;
    }

    @Override
    @Transactional
    public void save(OAuth2AuthorizationConsent consent) {
        String authorities = consent.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted()
                .collect(Collectors.joining(" "));
        repository.upsert(new ConsentRepository.Consent(consent.getRegisteredClientId(), consent.getPrincipalName(),
                authorities, clock.instant()));
    }

    @Override
    @Transactional
    public void remove(OAuth2AuthorizationConsent consent) {
        repository.delete(consent.getRegisteredClientId(), consent.getPrincipalName());
    }

    /**
     * The consent that decides an authorization request: none for a client that does not ask for consent. Spring's
     * authorization endpoint looks the consent up before it checks whether the client asks for one, a database read
     * per sign-in that could not change the answer.
     */
    @Override
    public OAuth2AuthorizationConsent findById(String registeredClientId, String principalName) {
        RegisteredClient client = clients.findById(registeredClientId);
        if (client != null && !client.getClientSettings().isRequireAuthorizationConsent()) {
            return null;
        }
        return repository.find(registeredClientId, principalName).map(ConsentStore::toConsent).orElse(null);
    }

    /** Withdraws the user's consent to the client, if they gave one. */
    @Transactional
    public void withdraw(String registeredClientId, String principalName) {
        repository.delete(registeredClientId, principalName);
    }

    /** The consents a user has given, for the account page where they can be withdrawn. */
    public List<OAuth2AuthorizationConsent> findByPrincipal(String principalName) {
        return repository.findByPrincipal(principalName).stream().map(ConsentStore::toConsent).toList();
    }

    /** Forgets every consent of the user (account deletion). */
    @Transactional
    public void removeAllOf(String principalName) {
        repository.deleteAllOf(principalName);
    }

    /** The user's consents with the time each was granted, for their data export. */
    public List<java.util.Map<String, Object>> exportOf(String principalName) {
        return repository.findByPrincipal(principalName).stream().map(c -> {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("client", c.registeredClientId());
            m.put("authorities", c.authorities());
            m.put("granted_at", c.grantedAt().toString());
            return m;
        }).toList();
    }

    private static OAuth2AuthorizationConsent toConsent(ConsentRepository.Consent c) {
        OAuth2AuthorizationConsent.Builder builder = OAuth2AuthorizationConsent.withId(c.registeredClientId(), c.principalName());
        Arrays.stream(c.authorities().split(" ")).filter(s -> !s.isBlank())
                .forEach(a -> builder.authority(new SimpleGrantedAuthority(a)));
        return builder.build();
    }
}
