package africa.bengobox.auth.importer;

import africa.bengobox.auth.audit.AuditEvent;
import africa.bengobox.auth.audit.AuditService;
import africa.bengobox.auth.identity.NewUser;
import africa.bengobox.auth.identity.User;
import africa.bengobox.auth.identity.UserService;
import africa.bengobox.auth.oauth.client.ClientDefinition;
import africa.bengobox.auth.oauth.client.ClientService;
import africa.bengobox.auth.tenancy.TenancyService;
import africa.bengobox.auth.tenancy.Tenant;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Applies the declarative import file (docs/import.md): tenants, users and clients are created or updated, never
 * duplicated, so the same file can be applied at every start. The whole file is applied in one transaction.
 */
@Service
public class ImportService {

    private static final Logger log = LoggerFactory.getLogger(ImportService.class);
    private static final Set<String> ROOT_KEYS = Set.of("tenants", "users", "clients");
    private static final Set<String> TENANT_KEYS = Set.of("slug", "name", "outlets");
    private static final Set<String> OUTLET_KEYS = Set.of("slug", "name");
    private static final Set<String> USER_KEYS = Set.of("username", "email", "email_verified", "password", "password_hash", "memberships");
    private static final Set<String> MEMBERSHIP_KEYS = Set.of("tenant", "roles");
    private static final Set<String> CLIENT_KEYS = Set.of("client_id", "client_name", "client_secret", "jwks_uri", "redirect_uris",
            "post_logout_redirect_uris", "grant_types", "scopes", "require_consent", "require_pkce", "tenant",
            "access_token_format", "access_token_alg", "id_token_signed_response_alg", "introspection");
    private static final int MAX_FILE_BYTES = 10 * 1024 * 1024;
    /** {@code client_secret: generate} asks the server for a 256-bit secret, made once and shown once. */
    private static final String GENERATE = "generate";

    private final TenancyService tenancy;
    private final UserService users;
    private final ClientService clients;
    private final AuditService audit;
    private final TransactionTemplate tx;

    ImportService(TenancyService tenancy, UserService users, ClientService clients, AuditService audit, TransactionTemplate tx) {
        this.tenancy = tenancy;
        this.users = users;
        this.clients = clients;
        this.audit = audit;
        this.tx = tx;
    }

    public record Result(int tenants, int users, int clients) {
    }

    public Result apply(Path file) {
        YamlEntry root = parse(file);
        Result result = tx.execute(status -> {
            int t = 0;
            for (YamlEntry entry : root.entries("tenants", TENANT_KEYS)) {
                applyTenant(entry);
                t++;
            }
            int u = 0;
            for (YamlEntry entry : root.entries("users", USER_KEYS)) {
                applyUser(entry);
                u++;
            }
            int c = 0;
            for (YamlEntry entry : root.entries("clients", CLIENT_KEYS)) {
                applyClient(entry);
                c++;
            }
            audit.record(AuditEvent.system("import.applied", "import_file", file.getFileName().toString(),
                    Map.of("tenants", t, "users", u, "clients", c)));
            return new Result(t, u, c);
        });
        log.info("Applied import file {}: {} tenants, {} users, {} clients", file, result.tenants(), result.users(), result.clients());
        return result;
    }

    private YamlEntry parse(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new ImportFileException(file, 0, "the file does not exist or is not a regular file");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new ImportFileException(file, 0, "the file is larger than 10 MiB");
            }
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(20);
            options.setAllowRecursiveKeys(false);
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                Node node = new Yaml(new SafeConstructor(options)).compose(reader);
                if (node == null) {
                    throw new ImportFileException(file, 1, "the file is empty");
                }
                return new YamlEntry(file, node, ROOT_KEYS);
            }
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            throw new ImportFileException(file, line, "not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new ImportFileException(file, 0, "not valid YAML: " + e.getMessage());
        } catch (IOException e) {
            throw new ImportFileException(file, 0, "cannot be read: " + e.getMessage());
        }
    }

    private void applyTenant(YamlEntry entry) {
        String slug = entry.requiredString("slug");
        Tenant tenant = at(entry, "slug", () -> tenancy.upsertTenant(slug, entry.has("name") ? entry.string("name") : slug));
        Set<String> seen = new HashSet<>();
        for (YamlEntry outlet : entry.entries("outlets", OUTLET_KEYS)) {
            String outletSlug = outlet.requiredString("slug");
            if (!seen.add(outletSlug)) {
                throw outlet.error("slug", "outlet '" + outletSlug + "' is listed twice");
            }
            at(outlet, "slug", () -> tenancy.upsertOutlet(tenant.id(), outletSlug,
                    outlet.has("name") ? outlet.string("name") : outletSlug));
        }
    }

    private void applyUser(YamlEntry entry) {
        NewUser request = new NewUser(entry.requiredString("username"), entry.string("email"),
                Boolean.TRUE.equals(entry.bool("email_verified")), entry.string("password"), entry.string("password_hash"));
        User user = at(entry, "username", () -> users.upsert(request));
        for (YamlEntry membership : entry.entries("memberships", MEMBERSHIP_KEYS)) {
            Tenant tenant = tenant(membership, "tenant");
            List<String> roles = membership.strings("roles");
            at(membership, "roles", () -> {
                tenancy.setMembership(tenant.id(), user.id(), roles == null ? List.of() : roles);
                return null;
            });
        }
    }

    private void applyClient(YamlEntry entry) {
        UUID tenantId = entry.has("tenant") ? tenant(entry, "tenant").id() : null;
        boolean generate = GENERATE.equals(entry.string("client_secret"));
        ClientDefinition definition = new ClientDefinition(entry.requiredString("client_id"), entry.string("client_name"),
                generate ? null : entry.string("client_secret"), entry.string("jwks_uri"), entry.strings("redirect_uris"),
                entry.strings("post_logout_redirect_uris"), entry.strings("grant_types"), entry.strings("scopes"),
                entry.bool("require_consent"), entry.bool("require_pkce"), tenantId, entry.string("access_token_format"),
                entry.string("access_token_alg"), entry.string("id_token_signed_response_alg"), entry.bool("introspection"),
                generate);
        ClientService.Registration registration = at(entry, "client_id", () -> clients.upsert(definition));
        if (registration.issuedSecret() != null) {
            // like the bootstrap administrator's password: the only time anyone sees it
            log.warn("Generated the secret of client '{}': {} ; it is shown only this once: store it in the client's configuration",
                    registration.client().clientId(), registration.issuedSecret());
        }
    }

    private Tenant tenant(YamlEntry entry, String key) {
        String slug = entry.requiredString(key);
        return tenancy.findBySlug(slug).orElseThrow(() -> entry.error(key, "tenant '" + slug + "' is neither in this file nor in the database"));
    }

    /** Runs one step; a validation failure is reported at the entry's line, on the key the reason names if any. */
    private static <T> T at(YamlEntry entry, String key, Supplier<T> step) {
        try {
            return step.get();
        } catch (IllegalArgumentException e) {
            String reason = e.getMessage();
            String named = reason.split("[ ']", 2)[0];
            if (entry.has(named)) {
                throw entry.error(named, reason);
            }
            int line = entry.lineOfQuotedValue(reason).orElse(entry.line(key));
            throw new ImportFileException(entry.file(), line, reason);
        }
    }
}
