package africa.bengobox.auth.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A cookie-keeping HTTP client that acts like a browser on our pages, one request at a time, without following redirects. */
public final class Browser {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;

    public Browser(String base) {
        this.base = base;
    }

    public HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(resolve(url)).header("Accept", "text/html").GET().build());
    }

    public HttpResponse<String> post(String url, Map<String, String> form) {
        return send(HttpRequest.newBuilder(resolve(url)).header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))).build());
    }

    /** Follows redirects on this server until one leaves it (returned as its Location) or a page is reached. */
    public HttpResponse<String> follow(HttpResponse<String> response) {
        HttpResponse<String> current = response;
        for (int i = 0; i < 10 && isRedirect(current); i++) {
            String location = location(current);
            if (!resolve(location).toString().startsWith(base)) {
                return current;
            }
            current = get(location);
        }
        return current;
    }

    /** Signs in on the login page the given response leads to, and follows on to wherever that leads. */
    public HttpResponse<String> signIn(HttpResponse<String> toLogin, String username, String password) {
        HttpResponse<String> page = follow(toLogin);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("username", username);
        form.put("password", password);
        form.put("_csrf", csrf(page.body()));
        return follow(post("/login", form));
    }

    /** Submits a form of the page as a browser would: its hidden inputs and checked boxes, plus the CSRF token. */
    public HttpResponse<String> submit(HttpResponse<String> page, String formId) {
        String html = page.body();
        int start = html.indexOf("<form id=\"" + formId + "\"");
        if (start < 0) {
            throw new AssertionError("no form " + formId + " on the page:\n" + html);
        }
        String form = html.substring(start, html.indexOf("</form>", start));
        Matcher action = Pattern.compile("action=\"([^\"]+)\"").matcher(form);
        action.find();
        java.util.List<String> pairs = new java.util.ArrayList<>();
        Matcher input = Pattern.compile("<input([^>]*)>").matcher(form);
        while (input.find()) {
            String attrs = input.group(1);
            Matcher name = Pattern.compile("name=\"([^\"]+)\"").matcher(attrs);
            Matcher value = Pattern.compile("value=\"([^\"]*)\"").matcher(attrs);
            boolean checkbox = attrs.contains("type=\"checkbox\"") || attrs.contains("type=\"radio\"");
            if (name.find() && value.find() && (!checkbox || attrs.contains("checked"))) {
                pairs.add(URLEncoder.encode(name.group(1), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(unescape(value.group(1)), StandardCharsets.UTF_8));
            }
        }
        return send(HttpRequest.newBuilder(resolve(action.group(1))).header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("&", pairs))).build());
    }

    private static String unescape(String html) {
        return html.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">");
    }

    public static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        if (!m.find()) {
            throw new AssertionError("no CSRF token on the page:\n" + html);
        }
        return m.group(1);
    }

    public static boolean isRedirect(HttpResponse<?> response) {
        return response.statusCode() >= 300 && response.statusCode() < 400;
    }

    public static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no Location header"));
    }

    public static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private URI resolve(String url) {
        return URI.create(base).resolve(url);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
