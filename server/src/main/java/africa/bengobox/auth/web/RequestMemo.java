package africa.bengobox.auth.web;

import java.util.function.Supplier;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * One value remembered, under its key, for the rest of the current HTTP request and never beyond it: for reads that
 * several of Spring's steps repeat within one request. Outside a request nothing is remembered.
 */
public final class RequestMemo<K, V> {

    private record Entry<K, V>(K key, V value) {
    }

    private final String attribute;

    public RequestMemo(String name) {
        this.attribute = RequestMemo.class.getName() + "." + name;
    }

    /** The value remembered for this key in this request, or null. */
    public V get(K key) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null && request.getAttribute(attribute, RequestAttributes.SCOPE_REQUEST) instanceof Entry<?, ?> entry
                && entry.key().equals(key)) {
            @SuppressWarnings("unchecked")
            V value = (V) entry.value();
            return value;
        }
        return null;
    }

    /** Remembers the value for this key (replacing any other) until the request ends or {@link #forget()}. */
    public void put(K key, V value) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null) {
            request.setAttribute(attribute, new Entry<>(key, value), RequestAttributes.SCOPE_REQUEST);
        }
    }

    /** The remembered value for this key, or what {@code read} gives, remembered (read must not give null). */
    public V get(K key, Supplier<V> read) {
        V value = get(key);
        if (value == null) {
            value = read.get();
            put(key, value);
        }
        return value;
    }

    public void forget() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null) {
            request.removeAttribute(attribute, RequestAttributes.SCOPE_REQUEST);
        }
    }
}
