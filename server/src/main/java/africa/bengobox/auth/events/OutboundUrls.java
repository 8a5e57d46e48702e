package africa.bengobox.auth.events;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Which webhook URLs the server may call: absolute http(s) URLs without user info or fragment, and, unless private
 * addresses are allowed, only hosts whose every address is public (no loopback, link-local, site-local, unique-local,
 * multicast or wildcard address), so that a webhook cannot be aimed at the server's own network (SSRF).
 */
final class OutboundUrls {

    private final boolean allowPrivate;

    OutboundUrls(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** Checks the form of a URL an administrator registers; throws IllegalArgumentException naming the problem. */
    static URI parse(String url) {
        if (url == null || url.isBlank() || url.length() > 2048) {
            throw new IllegalArgumentException("url must be an absolute http or https URL of at most 2048 characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("url must be an absolute http or https URL");
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("url must not contain user info or a fragment");
        }
        return uri;
    }

    /** Resolves the URL's host now and refuses it if it is not allowed; throws IllegalArgumentException. */
    URI check(String url) {
        URI uri = parse(url);
        if (allowPrivate) {
            return uri;
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("url host " + uri.getHost() + " does not resolve");
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                throw new IllegalArgumentException("url host " + uri.getHost()
                        + " resolves to a loopback, link-local or private address, which is not allowed");
            }
        }
        return uri;
    }

    static boolean isPublic(InetAddress a) {
        if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            // fc00::/7 unique local; ::ffff:0:0/96 mapped IPv4 is already unwrapped by Java into Inet4Address
            return (b[0] & 0xfe) != 0xfc;
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        // 0.0.0.0/8, 100.64.0.0/10 (carrier-grade NAT), 192.0.0.0/24, 198.18.0.0/15 (benchmarking), 240.0.0.0/4
        return first != 0 && !(first == 100 && second >= 64 && second <= 127)
                && !(first == 192 && second == 0 && (b[2] & 0xff) == 0)
                && !(first == 198 && (second == 18 || second == 19)) && first < 240;
    }
}
