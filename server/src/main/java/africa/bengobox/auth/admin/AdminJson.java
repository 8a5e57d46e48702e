package africa.bengobox.auth.admin;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Reading request members and writing pages, ETags and cursors, the same way across the admin API. */
final class AdminJson {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    private AdminJson() {
    }

    static String string(Map<String, Object> body, String name) {
        Object value = body.get(name);
        if (value != null && !(value instanceof String)) {
            throw new IllegalArgumentException(name + " must be a string");
        }
        return (String) value;
    }

    static Boolean bool(Map<String, Object> body, String name) {
        Object value = body.get(name);
        if (value != null && !(value instanceof Boolean)) {
            throw new IllegalArgumentException(name + " must be true or false");
        }
        return (Boolean) value;
    }

    static Long number(Map<String, Object> body, String name) {
        Object value = body.get(name);
        if (value != null && !(value instanceof Integer || value instanceof Long)) {
            throw new IllegalArgumentException(name + " must be an integer");
        }
        return value == null ? null : ((Number) value).longValue();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> body, String name) {
        Object value = body.get(name);
        if (value != null && !(value instanceof Map)) {
            throw new IllegalArgumentException(name + " must be an object");
        }
        return (Map<String, Object>) value;
    }

    static Set<String> strings(Map<String, Object> body, String name) {
        Object value = body.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> list) || list.stream().anyMatch(v -> !(v instanceof String))) {
            throw new IllegalArgumentException(name + " must be an array of strings");
        }
        Set<String> result = new LinkedHashSet<>();
        list.forEach(v -> result.add((String) v));
        return result;
    }

    static void onlyMembers(Map<String, Object> body, Set<String> allowed) {
        for (String name : body.keySet()) {
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException(name + " is not a member of this request");
            }
        }
    }

    static int limit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
        return limit;
    }

    static String cursor(String value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    static String fromCursor(String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cursor is not one this API returned");
        }
    }

    /** A page from limit + 1 fetched rows: the extra row only says that there is a next page. */
    static <T> Map<String, Object> page(List<T> fetched, int limit, Function<T, Map<String, Object>> view, Function<T, String> key) {
        Map<String, Object> page = new LinkedHashMap<>();
        List<T> items = fetched.size() > limit ? fetched.subList(0, limit) : fetched;
        page.put("items", items.stream().map(view).toList());
        page.put("next_cursor", fetched.size() > limit ? cursor(key.apply(items.get(items.size() - 1))) : null);
        return page;
    }

    static String etag(int version) {
        return "\"" + version + "\"";
    }

    static String etag(String tag) {
        return "\"" + tag + "\"";
    }

    /** The opaque tag an If-Match header names (a membership's, see {@link #etag(String)}). */
    static String ifMatchTag(String header) {
        String value = header.trim();
        if (value.matches("\"[0-9a-f]{1,64}\"")) {
            return value.substring(1, value.length() - 1);
        }
        throw new AdminProblems.PreconditionFailed("If-Match must be an ETag this API returned");
    }

    /** The version an If-Match header names. */
    static int ifMatch(String header) {
        String value = header.trim();
        if (value.matches("\"\\d{1,9}\"")) {
            return Integer.parseInt(value.substring(1, value.length() - 1));
        }
        throw new AdminProblems.PreconditionFailed("If-Match must be an ETag this API returned");
    }
}
