package africa.bengobox.auth.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load that wrk cannot make: flows whose requests depend on earlier responses. Each virtual user (a thread with its
 * own keep-alive connection, {@link Http1Connection}, and its own cookie jar) repeats one operation until
 * the time is up:
 * <ul>
 *   <li>{@code login}: a complete authorization-code + PKCE sign-in with a password: GET /authorize (the sign-in page
 *   with its CSRF token), POST /login (the redirect with the code), POST /token with the code verifier; any other
 *   redirect on the server is followed (before ADR 0012 the flow also went through GET /login and back to
 *   /authorize). One operation is the whole flow.</li>
 *   <li>{@code token}: client-credentials token requests, to cross-check wrk's latency figures.</li>
 *   <li>{@code refresh}: refresh-token rotation; each request uses the refresh token the previous one returned. Every
 *   user signs in once first (not measured).</li>
 * </ul>
 * Only operations that finish inside the measured window count. Prints one {@code DRIVER ...} line:
 * operations per second, p50/p99/max latency of an operation, errors, and HTTP requests per second.
 * <p>
 * Usage: {@code LoadDriver login|refresh|token base=http://127.0.0.1:8080 client=ID secret=S redirect=URI username=U
 * password=P [scope="openid offline_access"] [users=32] [duration=20] [warmup=3] [label=NAME]} (durations in seconds).
 * Only loopback bases are accepted.
 */
public final class LoadDriver {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"|value=\"([^\"]+)\"\\s+name=\"_csrf\"");
    private static final Pattern JSON_STRING = Pattern.compile("\"(access_token|refresh_token)\"\\s*:\\s*\"([^\"]+)\"");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> options;
    private final String base;
    private final URI baseUri;
    private final String basicAuth;
    private final AtomicLong requests = new AtomicLong();
    private final Map<String, AtomicLong> errorKinds = new ConcurrentHashMap<>();
    private volatile boolean idTokens;

    private LoadDriver(Map<String, String> options) {
        this.options = options;
        this.base = stripSlash(require("base"));
        this.baseUri = URI.create(base);
        String host = baseUri.getHost();
        if (!"127.0.0.1".equals(host) && !"localhost".equals(host) && !"[::1]".equals(host)) {
            throw new IllegalArgumentException("LoadDriver only targets loopback, not " + base);
        }
        if (!"http".equals(baseUri.getScheme()) || baseUri.getRawPath() != null && !baseUri.getRawPath().isEmpty()) {
            throw new IllegalArgumentException("base is http://host:port only, not " + base);
        }
        this.basicAuth = "Basic " + Base64.getEncoder().encodeToString(
                (form(require("client")) + ":" + form(require("secret"))).getBytes(StandardCharsets.UTF_8));
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: LoadDriver login|refresh|token key=value ...");
            System.exit(2);
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            options.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        LoadDriver driver = new LoadDriver(options);
        String mode = args[0];
        if (!mode.equals("login") && !mode.equals("refresh") && !mode.equals("token")) {
            throw new IllegalArgumentException("unknown mode " + mode);
        }
        driver.run(mode);
        System.exit(0);
    }

    private void run(String mode) throws Exception {
        int users = Integer.parseInt(options.getOrDefault("users", "32"));
        long duration = TimeUnit.SECONDS.toNanos(Long.parseLong(options.getOrDefault("duration", "20")));
        long warmup = TimeUnit.SECONDS.toNanos(Long.parseLong(options.getOrDefault("warmup", "3")));
        String label = options.getOrDefault("label", mode);

        long start = System.nanoTime() + warmup;
        long deadline = start + duration;
        long hardStop = deadline + TimeUnit.SECONDS.toNanos(30);
        List<Future<long[]>> results = new ArrayList<>();
        long requestsAtStart;
        // Sign-ins on platform threads: a blocking read on a virtual thread goes through the JDK's poller (register,
        // park, wake, read again), a fifth of the driver's CPU per sign-in, taken from the cores the server runs on.
        // The latency scenarios keep virtual threads: 32 runnable platform threads on 2 cores wait for the OS
        // scheduler, which put 100 ms into cc_rs256_java's p99 (14 ms on virtual threads).
        Thread.Builder threads = mode.equals("login") ? Thread.ofPlatform().daemon(true) : Thread.ofVirtual();
        try (ExecutorService executor = Executors.newThreadPerTaskExecutor(threads.factory())) {
            for (int u = 0; u < users; u++) {
                results.add(executor.submit(() -> user(mode, start, deadline)));
            }
            long toStart = start - System.nanoTime();
            if (toStart > 0) {
                TimeUnit.NANOSECONDS.sleep(toStart);
            }
            requestsAtStart = requests.get();
            executor.shutdown();
            if (!executor.awaitTermination(Math.max(1, hardStop - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                executor.shutdownNow();
            }
        }
        long requestsInWindow = requests.get() - requestsAtStart;
        long errors = errorKinds.values().stream().mapToLong(AtomicLong::get).sum();
        List<long[]> perUser = new ArrayList<>();
        for (Future<long[]> f : results) {
            if (f.isDone() && !f.isCancelled()) {
                try {
                    perUser.add(f.get());
                } catch (Exception e) {
                    error("user failed: " + e.getCause());
                }
            }
        }
        long[] all = perUser.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        double seconds = duration / 1e9;
        System.out.printf("DRIVER scenario=%s ops=%d rps=%.1f mean_ms=%.2f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d http_rps=%.1f users=%d duration_s=%.0f id_tokens=%d%n",
                label, all.length, all.length / seconds, Arrays.stream(all).average().orElse(0) / 1e6, percentile(all, 50), percentile(all, 99),
                all.length == 0 ? 0 : all[all.length - 1] / 1e6, errors, requestsInWindow / seconds, users, seconds, idTokens ? 1 : 0);
        errorKinds.forEach((kind, count) -> System.err.println("  error x" + count.get() + ": " + kind));
    }

    /** Latencies (ns) of the operations this user finished inside the measured window. */
    private long[] user(String mode, long start, long deadline) {
        long[] latencies = new long[1024];
        int n = 0;
        String refreshToken = null;
        int port = baseUri.getPort() == -1 ? 80 : baseUri.getPort();
        try (Http1Connection client = new Http1Connection(baseUri.getHost(), port, 15_000)) {
            while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
                try {
                    if (mode.equals("refresh") && refreshToken == null) {
                        refreshToken = login(client).refreshToken();
                        if (refreshToken == null) {
                            throw new FlowException("no refresh_token in the token response");
                        }
                        continue;
                    }
                    long t0 = System.nanoTime();
                    if (mode.equals("login")) {
                        login(client);
                    } else if (mode.equals("token")) {
                        clientCredentials(client);
                    } else {
                        refreshToken = refresh(client, refreshToken);
                    }
                    long t1 = System.nanoTime();
                    if (t0 >= start && t1 <= deadline) {
                        if (n == latencies.length) {
                            latencies = Arrays.copyOf(latencies, n * 2);
                        }
                        latencies[n++] = t1 - t0;
                    }
                } catch (FlowException | IOException | RuntimeException e) {
                    refreshToken = null;
                    client.close();
                    error(e.getClass().getSimpleName() + ": " + e.getMessage());
                    pause();
                }
            }
        }
        return Arrays.copyOf(latencies, n);
    }

    record Tokens(String accessToken, String refreshToken) {
    }

    /** One complete sign-in: authorization request, login page, password, code, token. */
    Tokens login(Http1Connection client) throws IOException, FlowException {
        Map<String, String> cookies = new LinkedHashMap<>();
        String redirect = require("redirect");
        String verifier = random(32);
        String state = random(16);
        String authorize = base + "/authorize?response_type=code&client_id=" + form(require("client"))
                + "&redirect_uri=" + form(redirect) + "&scope=" + form(options.getOrDefault("scope", "openid offline_access"))
                + "&state=" + state + "&nonce=" + random(16) + "&code_challenge=" + challenge(verifier)
                + "&code_challenge_method=S256";
        Http1Connection.Response response = send(client, cookies, "GET", authorize, null, null);
        String code = null;
        boolean signedIn = false;
        for (int hop = 0; hop < 12 && code == null; hop++) {
            int status = response.status();
            if (status >= 300 && status < 400) {
                String header = response.header("Location");
                if (header == null) {
                    throw new FlowException("redirect without Location");
                }
                String location = baseUri.resolve(header).toString();
                if (location.startsWith(redirect)) {
                    Map<String, String> query = query(location);
                    if (!state.equals(query.get("state"))) {
                        throw new FlowException("state mismatch or error: " + location);
                    }
                    code = query.get("code");
                    if (code == null) {
                        throw new FlowException("no code: " + location);
                    }
                } else if (location.startsWith(base + "/")) {
                    response = send(client, cookies, "GET", location, null, null);
                } else {
                    throw new FlowException("redirected off the server: " + location);
                }
            } else if (status == 200 && !signedIn && response.body().contains("name=\"password\"")) {
                Matcher csrf = CSRF.matcher(response.body());
                if (!csrf.find()) {
                    throw new FlowException("login page without _csrf");
                }
                String token = csrf.group(1) != null ? csrf.group(1) : csrf.group(2);
                String body = "username=" + form(require("username")) + "&password=" + form(require("password"))
                        + "&_csrf=" + form(token.replace("&amp;", "&"));
                response = send(client, cookies, "POST", base + "/login", body, null);
                signedIn = true;
            } else {
                throw new FlowException("unexpected HTTP " + status + " at hop " + hop + ": " + abbreviate(response.body()));
            }
        }
        if (code == null) {
            throw new FlowException("no code after 12 hops");
        }
        // the code exchange is the client's back-channel call, without the browser's cookies (sending them made the
        // server look the browser session up in Redis for nothing)
        return tokens(send(client, null, "POST", base + "/token", "grant_type=authorization_code&code=" + form(code)
                + "&redirect_uri=" + form(redirect) + "&code_verifier=" + verifier, basicAuth));
    }

    /** A client-credentials token request (a cross-check of wrk's latencies). */
    void clientCredentials(Http1Connection client) throws IOException, FlowException {
        tokens(send(client, null, "POST", base + "/token", "grant_type=client_credentials&scope="
                + form(options.getOrDefault("scope", "bench.read")), basicAuth));
    }

    /** Exchanges a refresh token; returns the new one (rotation). */
    String refresh(Http1Connection client, String refreshToken) throws IOException, FlowException {
        Http1Connection.Response response = send(client, null, "POST", base + "/token",
                "grant_type=refresh_token&refresh_token=" + form(refreshToken), basicAuth);
        String next = tokens(response).refreshToken();
        if (!idTokens && response.body().contains("\"id_token\"")) {
            idTokens = true;
        }
        if (next == null) {
            throw new FlowException("no new refresh_token");
        }
        return next;
    }

    private static Tokens tokens(Http1Connection.Response response) throws FlowException {
        if (response.status() != 200) {
            throw new FlowException("token endpoint HTTP " + response.status() + ": " + abbreviate(response.body()));
        }
        String access = null;
        String refresh = null;
        Matcher m = JSON_STRING.matcher(response.body());
        while (m.find()) {
            if (m.group(1).equals("access_token")) {
                access = m.group(2);
            } else {
                refresh = m.group(2);
            }
        }
        if (access == null) {
            throw new FlowException("no access_token: " + abbreviate(response.body()));
        }
        return new Tokens(access, refresh);
    }

    /**
     * One request to {@code url} (on {@link #base}): a GET for a page, or a form POST; the cookie jar (null for none)
     * sends its cookies and takes the response's.
     */
    private Http1Connection.Response send(Http1Connection client, Map<String, String> cookies, String method, String url,
                                          String form, String authorization) throws IOException {
        List<String> headers = new ArrayList<>(4);
        if (form == null) {
            headers.add("Accept: text/html");
        } else {
            headers.add("Content-Type: application/x-www-form-urlencoded");
            headers.add("Accept: text/html,application/json");
        }
        if (authorization != null) {
            headers.add("Authorization: " + authorization);
        }
        if (cookies != null && !cookies.isEmpty()) {
            StringBuilder header = new StringBuilder("Cookie: ");
            cookies.forEach((name, value) -> header.append(name).append('=').append(value).append("; "));
            headers.add(header.substring(0, header.length() - 2));
        }
        Http1Connection.Response response = client.exchange(method, url.substring(base.length()), headers, form);
        requests.incrementAndGet();
        if (cookies != null) {
            for (String setCookie : response.headers("Set-Cookie")) {
                String pair = setCookie.split(";", 2)[0];
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    String name = pair.substring(0, eq).trim();
                    String value = pair.substring(eq + 1).trim();
                    if (value.isEmpty() || setCookie.toLowerCase(Locale.ROOT).contains("max-age=0")) {
                        cookies.remove(name);
                    } else {
                        cookies.put(name, value);
                    }
                }
            }
        }
        return response;
    }

    private void error(String kind) {
        errorKinds.computeIfAbsent(kind.length() > 160 ? kind.substring(0, 160) : kind, k -> new AtomicLong()).incrementAndGet();
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    private static Map<String, String> query(String url) {
        Map<String, String> out = new LinkedHashMap<>();
        String q = URI.create(url).getRawQuery();
        if (q != null) {
            for (String pair : q.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static String abbreviate(String s) {
        String flat = s.replaceAll("\\s+", " ");
        return flat.length() > 120 ? flat.substring(0, 120) + "…" : flat;
    }

    private String require(String key) {
        String value = options.get(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("missing option " + key + "=...");
        }
        return value;
    }

    static final class FlowException extends Exception {
        FlowException(String message) {
            super(message);
        }
    }
}
