package africa.bengobox.auth.account;

import static org.assertj.core.api.Assertions.assertThat;

import africa.bengobox.auth.audit.AuditService;
import africa.bengobox.auth.events.AuthEvent;
import africa.bengobox.auth.events.EventTypes;
import africa.bengobox.auth.identity.NewUser;
import africa.bengobox.auth.identity.UserService;
import africa.bengobox.auth.support.Browser;
import africa.bengobox.auth.support.Db;
import africa.bengobox.auth.support.Mailbox;
import africa.bengobox.auth.tenancy.TenancyService;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ways into and out of an account, through the pages, with the emails received by a real SMTP server (GreenMail)
 * and their links followed: registration and verification, password reset, magic links, invitations, legacy hashes,
 * self-service, the data export and deletion, abuse limits and bad input.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = {"bengobox.auth.import=src/test/resources/e2e-import.yaml",
                "bengobox.auth.abuse-limits.per-address=3"})
class AccountLifecycleTest {

    static final Mailbox MAIL = new Mailbox().start();
    static final URI WEB_CB = URI.create("http://127.0.0.1:9999/callback");
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String LOGIN_FAILED = "id=\"login-error\"";

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", MAIL::port);
    }

    /** Every AuthEvent published, and whether a transaction was open when it was. */
    @TestConfiguration
    static class Events {
        final List<AuthEvent> published = new CopyOnWriteArrayList<>();
        final List<Boolean> inTransaction = new CopyOnWriteArrayList<>();

        @EventListener
        void on(AuthEvent event) {
            published.add(event);
            inTransaction.add(TransactionSynchronizationManager.isActualTransactionActive());
        }

        List<AuthEvent> of(String type, String key, String value) {
            return published.stream().filter(e -> e.type().equals(type) && value.equals(String.valueOf(e.data().get(key)))).toList();
        }
    }

    @Value("${bengobox.auth.issuer}") String issuer;
    @Autowired JdbcClient jdbc;
    @Autowired UserService users;
    @Autowired TenancyService tenancy;
    @Autowired AuditService audit;
    @Autowired Events events;

    // --- registration ---------------------------------------------------------------------------------------

    @Test
    void registrationThenVerificationThenSignInToAClient() {
        Browser browser = new Browser(issuer);
        HttpResponse<String> form = browser.get("/register");
        assertThat(form.statusCode()).isEqualTo(200);
        HttpResponse<String> done = browser.post("/register", Map.of("username", "Newcomer.One", "email", " Newcomer.One@Example.COM ",
                "password", "a long enough passphrase", "_csrf", Browser.csrf(form.body())));
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains("Check your email");
        assertThat(jdbc.sql("select email from users where username_normalized = 'newcomer.one'").query(String.class).single())
                .as("emails are normalised").isEqualTo("newcomer.one@example.com");

        // not before the address is verified
        Browser other = new Browser(issuer);
        assertThat(other.signIn(other.get("/login"), "newcomer.one", "a long enough passphrase").body()).contains(LOGIN_FAILED);

        Mailbox.Received mail = MAIL.await("newcomer.one@example.com", 1);
        assertThat(mail.subject()).isEqualTo("Confirm your email address");
        assertThat(mail.html()).contains("<a href=\"" + mail.link().replace("&", "&amp;") + "\"");
        HttpResponse<String> verified = browser.get(path(mail.link()));
        assertThat(verified.statusCode()).isEqualTo(200);
        assertThat(verified.body()).contains("Email address confirmed");
        assertThat(browser.get(path(mail.link())).statusCode()).as("the link works once").isEqualTo(400);

        // usernames and emails are unique whatever their case
        HttpResponse<String> again = browser.get("/register");
        HttpResponse<String> taken = browser.post("/register", Map.of("username", "NEWCOMER.one", "email", "x1@example.com",
                "password", "a long enough passphrase", "_csrf", Browser.csrf(again.body())));
        assertThat(taken.statusCode()).isEqualTo(400);
        assertThat(taken.body()).contains("username is already taken");
        HttpResponse<String> takenEmail = browser.post("/register", Map.of("username", "someone-else", "email", "NEWCOMER.ONE@example.com",
                "password", "a long enough passphrase", "_csrf", Browser.csrf(again.body())));
        assertThat(takenEmail.body()).contains("email is already registered");

        // and then into a client, with the password
        Browser client = new Browser(issuer);
        Authorization authz = authorize("web-app", "openid email");
        HttpResponse<String> back = client.signIn(client.get(authz.url()), "Newcomer.One@example.com", "a long enough passphrase");
        assertThat(query(Browser.location(back))).containsKey("code");

        AuthEvent created = events.of(EventTypes.USER_CREATED, "username", "Newcomer.One").getFirst();
        assertThat(created.data()).containsEntry("email", "newcomer.one@example.com").containsEntry("email_verified", false);
        assertThat(events.inTransaction.get(events.published.indexOf(created))).as("published inside the transaction").isTrue();
    }

    @Test
    void passwordPolicyAndBadInputAreRefusedWithoutWritingAnything() {
        Browser browser = new Browser(issuer);
        String csrf = Browser.csrf(browser.get("/register").body());
        long before = Db.count(jdbc, "users");
        Map<String, String> tooShort = Map.of("username", "shorty", "email", "shorty@example.com", "password", "123456789", "_csrf", csrf);
        assertThat(browser.post("/register", tooShort).body()).contains("password must be at least 10 characters");
        Map<String, String> common = Map.of("username", "commoner", "email", "commoner@example.com", "password", "qwertyuiop", "_csrf", csrf);
        assertThat(browser.post("/register", common).body()).contains("most commonly used passwords");
        Map<String, String> sameAsName = Map.of("username", "longusername1", "email", "l@example.com", "password", "LongUsername1", "_csrf", csrf);
        assertThat(browser.post("/register", sameAsName).body()).contains("must not be your username");
        Map<String, String> badEmail = Map.of("username", "bademail", "email", "not-an-address", "password", "a long enough passphrase", "_csrf", csrf);
        HttpResponse<String> bad = browser.post("/register", badEmail);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("email is not a valid address");
        Map<String, String> longName = Map.of("username", "x".repeat(300), "email", "long@example.com", "password", "a long enough passphrase", "_csrf", csrf);
        assertThat(browser.post("/register", longName).statusCode()).isEqualTo(400);
        Map<String, String> longPassword = Map.of("username", "longpass", "email", "longpass@example.com", "password", "p".repeat(129), "_csrf", csrf);
        assertThat(browser.post("/register", longPassword).body()).contains("at most 128 characters");
        assertThat(Db.count(jdbc, "users")).as("nothing half-written").isEqualTo(before);
        // in the page's language
        String swahili = Browser.csrf(browser.get("/register?lang=sw").body());
        assertThat(browser.post("/register", Map.of("username", "mfupi", "email", "mfupi@example.com", "password", "fupi",
                "_csrf", swahili)).body()).contains("Nenosiri lazima liwe na angalau herufi 10.");
        browser.get("/register?lang=en");

        // unknown links and tenants: clear pages, no 500
        assertThat(browser.get("/register/verify?token=nonsense").statusCode()).isEqualTo(400);
        assertThat(browser.get("/register/verify").statusCode()).isEqualTo(400);
        assertThat(browser.get("/password/reset?token=" + "x".repeat(500)).statusCode()).isEqualTo(400);
        assertThat(browser.get("/invite?token=nonsense").body()).contains("This invitation is not valid");
        assertThat(browser.get("/login/magic/verify?token=nonsense").statusCode()).isEqualTo(400);
        assertThat(browser.get("/register?tenant=no-such-tenant").statusCode()).isEqualTo(404);
        // a tenant's own policy wins over the platform's open default
        jdbc.sql("update tenants set settings = '{\"registration\":\"invite_only\"}' where slug = 'dormant'").update();
        tenancy.evictTenants();
        HttpResponse<String> inviteOnly = browser.get("/register?tenant=dormant");
        assertThat(inviteOnly.statusCode()).isEqualTo(403);
        assertThat(inviteOnly.body()).contains("by invitation only");
    }

    // --- password reset ---------------------------------------------------------------------------------------

    @Test
    void resetEndsOtherSessionsAndRevokesRefreshTokensAndAnswersAlikeForUnknownAddresses() throws Exception {
        users.register("resetter", "resetter@example.com", "the first passphrase", true, null);
        Browser signedIn = new Browser(issuer);
        Authorization authz = authorize("web-app", "openid offline_access");
        HttpResponse<String> back = signedIn.signIn(signedIn.get(authz.url()), "resetter", "the first passphrase");
        String refreshToken = JSON.readTree(token(Map.of("grant_type", "authorization_code",
                "code", query(Browser.location(back)).get("code"), "redirect_uri", WEB_CB.toString(),
                "code_verifier", authz.verifier().getValue())).body()).get("refresh_token").asString();
        assertThat(signedIn.get("/account").statusCode()).isEqualTo(200);

        Browser forgetful = new Browser(issuer);
        String csrf = Browser.csrf(forgetful.get("/password/forgot").body());
        HttpResponse<String> known = forgetful.post("/password/forgot", Map.of("email", "RESETTER@example.com", "_csrf", csrf));
        HttpResponse<String> unknown = forgetful.post("/password/forgot", Map.of("email", "nobody-at-all@example.com", "_csrf", csrf));
        assertThat(known.statusCode()).isEqualTo(unknown.statusCode()).isEqualTo(302);
        assertThat(Browser.location(known)).isEqualTo(Browser.location(unknown));

        Mailbox.Received mail = MAIL.await("resetter@example.com", 1);
        assertThat(mail.subject()).isEqualTo("Reset your BengoBox password");
        assertThat(mail.text()).contains("expires in 30 minutes");
        assertThat(MAIL.count("nobody-at-all@example.com")).isZero();
        String token = mail.link().substring(mail.link().indexOf("token=") + 6);
        assertThat(Db.anyColumnContains(jdbc, token)).as("only the link's hash is stored").isFalse();

        HttpResponse<String> resetPage = forgetful.get(path(mail.link()));
        assertThat(resetPage.statusCode()).isEqualTo(200);
        HttpResponse<String> weak = forgetful.post("/password/reset", Map.of("token", token, "password", "short", "_csrf", Browser.csrf(resetPage.body())));
        assertThat(weak.statusCode()).isEqualTo(400);
        HttpResponse<String> reset = forgetful.post("/password/reset", Map.of("token", token, "password", "the second passphrase",
                "_csrf", Browser.csrf(resetPage.body())));
        assertThat(Browser.location(reset)).endsWith("/login?reset");

        // the other browser's session is over, its refresh token revoked
        HttpResponse<String> account = signedIn.get("/account");
        assertThat(account.statusCode()).isEqualTo(302);
        assertThat(Browser.location(account)).contains("/login");
        HttpResponse<String> refreshed = token(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
        assertThat(refreshed.statusCode()).isEqualTo(400);
        assertThat(refreshed.body()).contains("invalid_grant");

        // the link works once; the old password no longer does, the new one does
        assertThat(forgetful.get(path(mail.link())).body()).contains("already been used");
        Browser later = new Browser(issuer);
        assertThat(later.signIn(later.get("/login"), "resetter", "the first passphrase").body()).contains(LOGIN_FAILED);
        assertThat(later.signIn(later.get("/login"), "resetter", "the second passphrase").body()).doesNotContain(LOGIN_FAILED);
    }

    @Test
    void anExpiredResetLinkIsRefused() {
        users.register("latecomer", "latecomer@example.com", "a passphrase of old", true, null);
        Browser browser = new Browser(issuer);
        browser.post("/password/forgot", Map.of("email", "latecomer@example.com", "_csrf", Browser.csrf(browser.get("/password/forgot").body())));
        Mailbox.Received mail = MAIL.await("latecomer@example.com", 1);
        jdbc.sql("update user_tokens set expires_at = created_at where purpose = 'password_reset'"
                + " and user_id = (select id from users where username_normalized = 'latecomer')").update();
        HttpResponse<String> page = browser.get(path(mail.link()));
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("This link has expired");
    }

    // --- magic links ------------------------------------------------------------------------------------------

    @Test
    void magicLinkSignsInTheBrowserThatAskedOnceAndIsTheLoginStepOfAnAuthorizationRequest() {
        users.register("magician", "magician@example.com", "a passphrase never typed", true, null);
        Browser asker = new Browser(issuer);
        Authorization authz = authorize("web-app", "openid");
        HttpResponse<String> login = asker.follow(asker.get(authz.url()));
        assertThat(login.body()).contains("href=\"/login/magic\"");
        HttpResponse<String> form = asker.get("/login/magic");
        HttpResponse<String> sent = asker.post("/login/magic", Map.of("email", "magician@example.com", "_csrf", Browser.csrf(form.body())));
        assertThat(Browser.location(sent)).endsWith("/login/magic?sent");
        Mailbox.Received mail = MAIL.await("magician@example.com", 1);
        assertThat(mail.subject()).isEqualTo("Your BengoBox sign-in link");

        Browser elsewhere = new Browser(issuer);
        HttpResponse<String> refused = elsewhere.get(path(mail.link()));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("Open this link in the browser where you asked for it");

        HttpResponse<String> back = asker.follow(asker.get(path(mail.link())));
        assertThat(query(Browser.location(back))).as("the authorization request goes on").containsKey("code");
        assertThat(asker.get(path(mail.link())).body()).as("single use").contains("already been used");
        assertThat(jdbc.sql("select count(*) from audit_logs where action = 'user.magic_link_login'").query(Long.class).single()).isEqualTo(1L);
    }

    @Test
    void aMagicLinkRequestForAnUnknownAddressLooksTheSame() {
        Browser browser = new Browser(issuer);
        HttpResponse<String> response = browser.post("/login/magic", Map.of("email", "ghost@example.com",
                "_csrf", Browser.csrf(browser.get("/login/magic").body())));
        assertThat(Browser.location(response)).endsWith("/login/magic?sent");
        assertThat(response.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("BBMAGIC=") && c.contains("HttpOnly"));
        assertThat(MAIL.count("ghost@example.com")).isZero();
    }

    @Test
    void aTenantThatAllowsOnlyPasswordsRefusesMagicLinksForItsSignIns() {
        jdbc.sql("update tenants set settings = '{\"login_methods\":[\"password\"]}' where slug = 'globex'").update();
        tenancy.evictTenants();
        Browser browser = new Browser(issuer);
        HttpResponse<String> login = browser.follow(browser.get(authorize("web-app", "openid").url() + "&tenant=globex"));
        assertThat(login.body()).contains("id=\"forgot-link\"").doesNotContain("id=\"magic-link\"");
        HttpResponse<String> refused = browser.get("/login/magic");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("does not allow signing in with an emailed link");
        Browser acme = new Browser(issuer);
        acme.follow(acme.get(authorize("web-app", "openid").url() + "&tenant=acme"));
        assertThat(acme.get("/login/magic").statusCode()).isEqualTo(200);
    }

    @Test
    void registeringForATenantWithAnOpenPolicyMakesAMember() {
        Browser browser = new Browser(issuer);
        HttpResponse<String> form = browser.get("/register?tenant=acme");
        assertThat(form.body()).contains("to join Acme Foods");
        HttpResponse<String> done = browser.post("/register", Map.of("tenant", "acme", "username", "acme-joiner",
                "email", "joiner@example.com", "password", "a long enough passphrase", "_csrf", Browser.csrf(form.body())));
        assertThat(done.statusCode()).isEqualTo(200);
        UUID joiner = users.findByUsername("acme-joiner").orElseThrow().id();
        assertThat(tenancy.membership(joiner, tenancy.findBySlug("acme").orElseThrow().id())).isPresent();
        assertThat(events.of(EventTypes.USER_CREATED, "user_id", joiner.toString())).singleElement()
                .satisfies(e -> assertThat(e.tenantId()).isEqualTo(tenancy.findBySlug("acme").orElseThrow().id().toString()));
    }

    // --- invitations ------------------------------------------------------------------------------------------

    @Test
    void invitesAreAcceptedAsANewAndAsAnExistingUser() {
        UUID acme = tenancy.findBySlug("acme").orElseThrow().id();
        UUID globex = tenancy.findBySlug("globex").orElseThrow().id();
        UUID bob = users.findByUsername("bob").orElseThrow().id();
        tenancy.setMembership(acme, bob, List.of("manager", InviteService.TENANT_ADMIN_ROLE));
        tenancy.setMembership(globex, bob, List.of("staff", InviteService.TENANT_ADMIN_ROLE));

        Browser admin = new Browser(issuer);
        admin.signIn(admin.get("/login"), "bob", "bob-password-12");
        HttpResponse<String> page = admin.get("/account/invites?tenant=acme");
        assertThat(page.statusCode()).isEqualTo(200);
        HttpResponse<String> invited = admin.post("/account/invites", Map.of("tenant", "acme", "email", "Invitee@Example.com",
                "roles", "staff cashier", "_csrf", Browser.csrf(page.body())));
        assertThat(Browser.location(invited)).contains("sent");
        HttpResponse<String> badRole = admin.post("/account/invites", Map.of("tenant", "acme", "email", "x@example.com",
                "roles", "Not A Role!", "_csrf", Browser.csrf(page.body())));
        assertThat(badRole.statusCode()).isEqualTo(400);

        // a new person accepts by creating an account
        Mailbox.Received mail = MAIL.await("invitee@example.com", 1);
        assertThat(mail.text()).contains("Acme Foods");
        Browser invitee = new Browser(issuer);
        HttpResponse<String> invitation = invitee.get(path(mail.link()));
        assertThat(invitation.body()).contains("invitee@example.com");
        HttpResponse<String> accepted = invitee.post("/invite/accept", Map.of("token", token(mail), "username", "invitee",
                "password", "an invited passphrase", "_csrf", Browser.csrf(invitation.body())));
        assertThat(accepted.statusCode()).isEqualTo(200);
        UUID newUser = users.findByUsername("invitee").orElseThrow().id();
        assertThat(users.findById(newUser).orElseThrow().emailVerified()).isTrue();
        assertThat(tenancy.membership(newUser, acme).orElseThrow().roles()).containsExactly("cashier", "staff");
        assertThat(events.of(EventTypes.USER_CREATED, "user_id", newUser.toString())).hasSize(1);
        assertThat(events.of(EventTypes.TENANT_INVITE_ACCEPTED, "user_id", newUser.toString())).singleElement()
                .satisfies(e -> assertThat(e.tenantId()).isEqualTo(acme.toString()));
        assertThat(invitee.get(path(mail.link())).body()).contains("already been accepted");

        // an existing user (alice) signs in from the invitation and accepts
        HttpResponse<String> page2 = admin.get("/account/invites?tenant=globex");
        admin.post("/account/invites", Map.of("tenant", "globex", "email", "alice@example.com", "roles", "staff",
                "_csrf", Browser.csrf(page2.body())));
        Mailbox.Received aliceMail = MAIL.await("alice@example.com", 1);
        Browser alice = new Browser(issuer);
        HttpResponse<String> anonymous = alice.get(path(aliceMail.link()));
        assertThat(anonymous.body()).contains("invite-sign-in");
        HttpResponse<String> backToInvite = alice.signIn(alice.get("/login"), "alice", "alice-password-1");
        assertThat(backToInvite.body()).contains("accept-form");
        HttpResponse<String> joined = alice.post("/invite/accept", Map.of("token", token(aliceMail), "_csrf", Browser.csrf(backToInvite.body())));
        assertThat(joined.body()).contains("You are now a member of Globex Kitchens");
        UUID aliceId = users.findByUsername("alice").orElseThrow().id();
        assertThat(tenancy.membership(aliceId, globex).orElseThrow().roles()).containsExactly("staff");
        assertThat(events.of(EventTypes.TENANT_INVITE_ACCEPTED, "user_id", aliceId.toString())).hasSize(1);

        // only tenant administrators invite; expired invitations are refused
        HttpResponse<String> notAdmin = alice.post("/account/invites", Map.of("tenant", "acme", "email", "y@example.com",
                "roles", "staff", "_csrf", Browser.csrf(alice.get("/account").body())));
        assertThat(notAdmin.statusCode()).isEqualTo(403);
        admin.post("/account/invites", Map.of("tenant", "acme", "email", "late@example.com", "roles", "",
                "_csrf", Browser.csrf(page.body())));
        Mailbox.Received late = MAIL.await("late@example.com", 1);
        jdbc.sql("update tenant_invites set expires_at = created_at where email_normalized = 'late@example.com'").update();
        HttpResponse<String> expired = new Browser(issuer).get(path(late.link()));
        assertThat(expired.statusCode()).isEqualTo(400);
        assertThat(expired.body()).contains("This invitation has expired");
    }

    // --- legacy hashes ----------------------------------------------------------------------------------------

    @Test
    void legacyBcryptAndPbkdf2HashesSignInAndAreUpgradedToArgon2id() {
        users.upsert(new NewUser("bcrypt-user", null, false, null, new BCryptPasswordEncoder(10).encode("an old bcrypt password")));
        // passlib's $pbkdf2-sha256$ and Django's pbkdf2_sha256$, computed by this test for "an old pbkdf2 password"
        users.upsert(new NewUser("passlib-user", null, false, null, passlib("an old pbkdf2 password", "c2FsdHNhbHQ", 1000)));
        users.upsert(new NewUser("django-user", null, false, null, django("an old pbkdf2 password", "saltsalt", 1000)));
        assertThat(storedHash("bcrypt-user")).startsWith("$2a$10$");

        Browser wrong = new Browser(issuer);
        assertThat(wrong.signIn(wrong.get("/login"), "bcrypt-user", "not the password").body()).contains(LOGIN_FAILED);
        assertThat(storedHash("bcrypt-user")).startsWith("$2a$10$");

        Browser browser = new Browser(issuer);
        assertThat(browser.signIn(browser.get("/login"), "bcrypt-user", "an old bcrypt password").body()).doesNotContain(LOGIN_FAILED);
        assertThat(storedHash("bcrypt-user")).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(users.authenticate("bcrypt-user", "an old bcrypt password")).isPresent();

        for (String user : List.of("passlib-user", "django-user")) {
            assertThat(users.authenticate(user, "an old pbkdf2 passwore")).isEmpty();
            assertThat(users.authenticate(user, "an old pbkdf2 password")).as(user).isPresent();
            assertThat(storedHash(user)).startsWith("$argon2id$");
        }
    }

    // --- self-service and privacy -----------------------------------------------------------------------------

    @Test
    void selfServiceExportAndDeletionLeaveNoPersonalData() throws Exception {
        users.register("Departing.User", "departing@example.com", "a passphrase to delete", true, null);
        UUID id = users.findByUsername("departing.user").orElseThrow().id();
        tenancy.setMembership(tenancy.findBySlug("acme").orElseThrow().id(), id, List.of("staff"));
        Browser browser = new Browser(issuer);
        Authorization authz = authorize("web-app", "openid offline_access");
        HttpResponse<String> back = browser.signIn(browser.get(authz.url()), "departing.user", "a passphrase to delete");
        token(Map.of("grant_type", "authorization_code", "code", query(Browser.location(back)).get("code"),
                "redirect_uri", WEB_CB.toString(), "code_verifier", authz.verifier().getValue()));

        HttpResponse<String> account = browser.get("/account");
        assertThat(account.body()).contains("Acme Foods");
        HttpResponse<String> saved = browser.post("/account/profile", Map.of("given_name", "Wanjiku", "family_name", "Departer",
                "phone_number", "+254 712 987654", "locale", "sw", "picture", "https://example.com/me.png", "_csrf", Browser.csrf(account.body())));
        assertThat(Browser.location(saved)).endsWith("/account?saved");
        HttpResponse<String> badPicture = browser.post("/account/profile", Map.of("picture", "javascript:alert(1)", "_csrf", Browser.csrf(account.body())));
        assertThat(badPicture.statusCode()).isEqualTo(400);
        assertThat(users.profile(id).pictureUrl()).isEqualTo("https://example.com/me.png");

        // change of email address, verified at the new address
        HttpResponse<String> emailChange = browser.post("/account/email", Map.of("email", "Departing.New@example.com",
                "current_password", "a passphrase to delete", "_csrf", Browser.csrf(account.body())));
        assertThat(Browser.location(emailChange)).endsWith("/account?emailSent");
        Mailbox.Received confirm = MAIL.await("departing.new@example.com", 1);
        assertThat(new Browser(issuer).get(path(confirm.link())).body()).contains("Your new email address is confirmed");
        assertThat(users.findById(id).orElseThrow().email()).isEqualTo("departing.new@example.com");
        Mailbox.Received notice = MAIL.await("departing@example.com", 1);
        assertThat(notice.subject()).isEqualTo("Your BengoBox email address was changed");
        assertThat(notice.text()).contains("departing.new@example.com");

        // change of password: current one required; this session carries on
        HttpResponse<String> wrongCurrent = browser.post("/account/password", Map.of("current_password", "not it at all",
                "new_password", "a newer passphrase here", "_csrf", Browser.csrf(account.body())));
        assertThat(wrongCurrent.statusCode()).isEqualTo(400);
        HttpResponse<String> changed = browser.post("/account/password", Map.of("current_password", "a passphrase to delete",
                "new_password", "a newer passphrase here", "_csrf", Browser.csrf(account.body())));
        assertThat(Browser.location(changed)).endsWith("/account?passwordChanged");
        account = browser.get("/account");
        assertThat(account.statusCode()).isEqualTo(200);
        // the change revoked the grants; sign in to the client again (this session still counts)
        Authorization again = authorize("web-app", "openid offline_access");
        HttpResponse<String> code = browser.follow(browser.get(again.url()));
        token(Map.of("grant_type", "authorization_code", "code", query(Browser.location(code)).get("code"),
                "redirect_uri", WEB_CB.toString(), "code_verifier", again.verifier().getValue()));

        HttpResponse<String> export = browser.get("/account/export");
        assertThat(export.statusCode()).isEqualTo(200);
        JsonNode data = JSON.readTree(export.body());
        assertThat(data.at("/account/username").asString()).isEqualTo("Departing.User");
        assertThat(data.at("/account/email").asString()).isEqualTo("departing.new@example.com");
        assertThat(data.at("/profile/phone_number").asString()).isEqualTo("+254 712 987654");
        assertThat(data.at("/memberships/0/tenant").asString()).isEqualTo("acme");
        assertThat(data.at("/sessions/0/client").asString()).isNotEmpty();
        assertThat(data.get("consents").isArray()).isTrue();
        assertThat(data.get("audit").valueStream().map(e -> e.get("action").asString()).toList())
                .contains("user.profile_updated", "user.email_changed", "user.password_changed");
        assertThat(export.body()).doesNotContain("password_hash").doesNotContain("$argon2id$");

        long auditEntries = Db.count(jdbc, "audit_logs");
        HttpResponse<String> deleted = browser.post("/account/delete", Map.of("current_password", "a newer passphrase here",
                "confirm", "delete", "_csrf", Browser.csrf(account.body())));
        assertThat(Browser.location(deleted)).endsWith("/logged-out?deleted");
        assertThat(browser.get("/account").statusCode()).isEqualTo(302);

        for (String personal : List.of("Departing.User", "departing.user", "departing@example.com", "departing.new@example.com",
                "712 987654", "Wanjiku", "Departer", "https://example.com/me.png")) {
            assertThat(Db.anyColumnContains(jdbc, personal)).as("no table holds " + personal).isFalse();
        }
        // the id stays only in the auth.user.deleted event that tells BengoBox services to erase the user; earlier
        // events about the user are gone from the outbox
        assertThat(jdbc.sql("select type from outbox_events where body like :id").param("id", "%" + id + "%").query(String.class).list())
                .containsExactly("auth.user.deleted");
        jdbc.sql("delete from outbox_events where type = 'auth.user.deleted' and body like :id").param("id", "%" + id + "%").update();
        assertThat(Db.anyColumnContains(jdbc, id.toString())).as("no other table holds the user's id").isFalse();
        assertThat(uuidColumnsHolding(id)).as("no uuid column holds the user's id").isEmpty();
        assertThat(Db.count(jdbc, "audit_logs")).as("the audit trail keeps its entries").isEqualTo(auditEntries + 1);
        assertThat(audit.verify()).as("and still verifies").extracting(AuditService.Verification::intact).isEqualTo(true);
        assertThat(events.of(EventTypes.USER_DELETED, "user_id", id.toString())).hasSize(1);
    }

    @Test
    void theLastPlatformAdministratorCannotDeleteTheirAccount() {
        UUID admin = users.findByUsername("admin").orElseThrow().id();
        users.setPassword(admin, "the administrator passphrase");
        Browser browser = new Browser(issuer);
        browser.signIn(browser.get("/login"), "admin", "the administrator passphrase");
        HttpResponse<String> account = browser.get("/account");
        HttpResponse<String> refused = browser.post("/account/delete", Map.of("current_password", "the administrator passphrase",
                "confirm", "delete", "_csrf", Browser.csrf(account.body())));
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).containsIgnoringCase("the last platform administrator cannot delete their account");
        assertThat(users.findById(admin)).isPresent();
    }

    @Test
    void theAuditChainDetectsTampering() {
        assertThat(audit.verify().intact()).isTrue();
        long last = jdbc.sql("select max(id) from audit_logs").query(Long.class).single();
        String action = jdbc.sql("select action from audit_logs where id = :id").param("id", last).query(String.class).single();
        jdbc.sql("update audit_logs set action = 'tampered' where id = :id").param("id", last).update();
        try {
            AuditService.Verification broken = audit.verify();
            assertThat(broken.intact()).isFalse();
            assertThat(broken.brokenEntryId()).isEqualTo(last);
        } finally {
            jdbc.sql("update audit_logs set action = :a where id = :id").param("a", action).param("id", last).update();
        }
        String ip = jdbc.sql("select ip_address from audit_logs where id = :id").param("id", last).query(String.class).optional().orElse(null);
        jdbc.sql("update audit_logs set ip_address = '10.9.9.9' where id = :id").param("id", last).update();
        try {
            assertThat(audit.verify().intact()).as("personal data checked against its digest").isFalse();
        } finally {
            jdbc.sql("update audit_logs set ip_address = :ip where id = :id").param("ip", ip).param("id", last).update();
        }
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void emailsSpeakTheLanguageOfThePageTheyWereAskedFrom() {
        users.register("mswahili", "mswahili@example.com", "habari za asubuhi", true, null);
        Browser browser = new Browser(issuer);
        HttpResponse<String> page = browser.get("/password/forgot?lang=sw");
        assertThat(page.body()).contains("Weka upya nenosiri");
        browser.post("/password/forgot", Map.of("email", "mswahili@example.com", "_csrf", Browser.csrf(page.body())));
        Mailbox.Received mail = MAIL.await("mswahili@example.com", 1);
        assertThat(mail.subject()).isEqualTo("Weka upya nenosiri lako la BengoBox");
        assertThat(mail.text()).contains("Habari mswahili,").contains("dakika 30");
        assertThat(mail.html()).contains("lang=\"sw\"").contains("Chagua nenosiri jipya");
    }

    // --- abuse limits -----------------------------------------------------------------------------------------

    @Test
    void tooManyResetRequestsForOneAddressGet429WithRetryAfter() {
        Browser browser = new Browser(issuer);
        String csrf = Browser.csrf(browser.get("/password/forgot").body());
        for (int i = 0; i < 3; i++) {
            assertThat(browser.post("/password/forgot", Map.of("email", "flood@example.com", "_csrf", csrf)).statusCode()).isEqualTo(302);
        }
        HttpResponse<String> limited = browser.post("/password/forgot", Map.of("email", "FLOOD@example.com", "_csrf", csrf));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isPositive();
        assertThat(limited.body()).contains("Too many requests");
        assertThat(browser.post("/password/forgot", Map.of("email", "other@example.com", "_csrf", csrf)).statusCode())
                .as("another address is not limited").isEqualTo(302);
    }

    @Test
    void theDevelopmentMailboxIsOffWhenRealMailIsConfigured() {
        assertThat(new Browser(issuer).get("/dev/mailbox").statusCode()).isEqualTo(404);
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    record Authorization(String url, CodeVerifier verifier) {
    }

    Authorization authorize(String clientId, String scope) {
        CodeVerifier verifier = new CodeVerifier();
        String url = new AuthenticationRequest.Builder(ResponseType.CODE, Scope.parse(scope), new ClientID(clientId), WEB_CB)
                .endpointURI(URI.create(issuer + "/authorize")).state(new State()).nonce(new Nonce())
                .codeChallenge(verifier, CodeChallengeMethod.S256).build().toURI().toString();
        return new Authorization(url, verifier);
    }

    HttpResponse<String> token(Map<String, String> form) throws Exception {
        String basic = Base64.getEncoder().encodeToString("web-app:web-app-secret-0123456789".getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(issuer + "/token"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Browser.encode(new LinkedHashMap<>(form)))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, String> query(String url) {
        Map<String, String> params = new LinkedHashMap<>();
        String q = URI.create(url).getRawQuery();
        if (q != null) {
            for (String pair : q.split("&")) {
                int eq = pair.indexOf('=');
                params.put(java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    String path(String link) {
        assertThat(link).startsWith(issuer);
        return link.substring(issuer.length());
    }

    static String token(Mailbox.Received mail) {
        return mail.link().substring(mail.link().indexOf("token=") + 6);
    }

    String storedHash(String username) {
        return jdbc.sql("select password_hash from users where username_normalized = :u").param("u", username).query(String.class).single();
    }

    List<String> uuidColumnsHolding(UUID id) {
        List<String> hits = new ArrayList<>();
        List<String[]> columns = jdbc.sql("""
                select table_name, column_name from information_schema.columns
                where lower(table_schema) = 'public' and lower(data_type) = 'uuid'""")
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).list();
        for (String[] c : columns) {
            if (jdbc.sql("select count(*) from " + c[0] + " where " + c[1] + " = :id").param("id", id).query(Long.class).single() > 0) {
                hits.add(c[0] + "." + c[1]);
            }
        }
        return hits;
    }

    static String passlib(String password, String adaptedSalt, int iterations) {
        byte[] salt = Base64.getDecoder().decode(adaptedSalt.replace('.', '+') + "=".repeat((4 - adaptedSalt.length() % 4) % 4));
        String hash = Base64.getEncoder().withoutPadding().encodeToString(pbkdf2(password, salt, iterations)).replace('+', '.');
        return "$pbkdf2-sha256$" + iterations + "$" + adaptedSalt + "$" + hash;
    }

    static String django(String password, String salt, int iterations) {
        return "pbkdf2_sha256$" + iterations + "$" + salt + "$"
                + Base64.getEncoder().encodeToString(pbkdf2(password, salt.getBytes(StandardCharsets.UTF_8), iterations));
    }

    static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        try {
            return javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new javax.crypto.spec.PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
