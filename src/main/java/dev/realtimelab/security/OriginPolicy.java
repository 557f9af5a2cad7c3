package dev.realtimelab.security;

import io.javalin.http.Context;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which pages may open a WebSocket to this app. Browsers send {@code Origin} with the handshake
 * and apply no CORS to it, so the server must compare it, exactly, with the origins it serves
 * pages from. Hosts are an allow-list (not "whatever Host says") so that a DNS-rebinding page
 * cannot pass by pointing its own name at this machine.
 */
public final class OriginPolicy {
    private final Set<String> hosts;
    private final boolean httpAndHttps;
    /** Another port whose pages are ours too (0: none): lesson 13's second instance and its first. */
    private final int peerPort;

    /** {@code hosts}: the names this app's pages are served under (localhost, 127.0.0.1, ...). */
    public OriginPolicy(Set<String> hosts) {
        this(hosts, false, 0);
    }

    private OriginPolicy(Set<String> hosts, boolean httpAndHttps, int peerPort) {
        this.hosts = Set.copyOf(hosts);
        this.httpAndHttps = httpAndHttps;
        this.peerPort = peerPort;
    }

    /**
     * For the second instance of lesson 13's demo: the pages of the first instance, the same app
     * on the same hosts but on {@code port}, are ours too (their event streams get CORS headers).
     */
    public OriginPolicy withPeerPort(int port) {
        return new OriginPolicy(hosts, httpAndHttps, port);
    }

    /** True when {@code origin} is a page of the peer instance ({@link #withPeerPort}), not of this one. */
    public boolean isPeer(String origin, String scheme) {
        return peerPort > 0 && allowsOn(origin, scheme, peerPort);
    }

    /**
     * For an app whose port serves pages over http:// and https:// both (--tls): a page of either
     * scheme is one of ours, whichever scheme its socket uses.
     */
    public OriginPolicy servingHttpAndHttps() {
        return new OriginPolicy(hosts, true, peerPort);
    }

    public static OriginPolicy loopback() {
        return new OriginPolicy(Set.of("localhost", "127.0.0.1", "[::1]"));
    }

    /**
     * The names this machine answers to when the app listens on {@code bindHost}: the loopback
     * names, plus, for a wildcard (0.0.0.0 or ::), every address of every network interface and
     * the machine's name, so workshop attendees can use the address the instructor shows them.
     * The set is fixed at start: an interface that comes up later is not served.
     */
    public static OriginPolicy forBindAddress(String bindHost) {
        Set<String> hosts = new TreeSet<>(loopback().hosts);
        String bind = bindHost == null ? "" : bindHost.strip().toLowerCase(Locale.ROOT);
        if (bind.isEmpty() || bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]")) {
            try {
                for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    if (nic.isUp()) {
                        Collections.list(nic.getInetAddresses()).forEach(a -> hosts.add(hostName(a)));
                    }
                }
            } catch (SocketException e) {
                // no interface list: loopback still works
            }
            try {
                String name = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
                hosts.add(name);
                if (!name.contains(".")) {
                    hosts.add(name + ".local"); // what mDNS announces on most laptops
                }
            } catch (UnknownHostException e) {
                // a machine without a resolvable name: addresses still work
            }
        } else if (!hosts.contains(bind)) {
            hosts.add(bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind);
        }
        return new OriginPolicy(hosts);
    }

    // region join-addresses
    /**
     * The addresses attendees can reach this machine at: the IPv4 addresses of every network
     * interface that is up, but not loopback and not link-local (169.254.x.x, which no one
     * types). The workshop prints one join address per entry, and serves exactly these.
     */
    public static List<String> lanAddresses() {
        List<String> addresses = new java.util.ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof java.net.Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                        addresses.add(address.getHostAddress());
                    }
                }
            }
        } catch (SocketException e) {
            // no interface list: nobody can join from elsewhere
        }
        return addresses.stream().distinct().sorted().toList();
    }

    /**
     * For the workshop: the loopback names (the instructor's own browser) and the join addresses
     * it printed, and nothing else: not the machine's name, not an interface it did not print.
     */
    public static OriginPolicy forJoinAddresses(java.util.Collection<String> joinHosts) {
        Set<String> hosts = new TreeSet<>(loopback().hosts);
        for (String host : joinHosts) {
            String name = host.strip().toLowerCase(Locale.ROOT);
            hosts.add(name.contains(":") && !name.startsWith("[") ? "[" + name + "]" : name);
        }
        return new OriginPolicy(hosts);
    }
    // endregion

    /** An address as it appears in a URL: IPv6 in brackets, without a zone. */
    private static String hostName(InetAddress address) {
        String text = address.getHostAddress();
        if (address instanceof Inet6Address) {
            int zone = text.indexOf('%');
            return "[" + (zone < 0 ? text : text.substring(0, zone)) + "]";
        }
        return text;
    }

    /** The host names pages are served under, for the Host check. */
    public Set<String> hosts() {
        return hosts;
    }

    /**
     * True when a {@code Host} header names a served host (any port). A page on a DNS-rebinding
     * attacker's name that now points at this machine sends its own name here, and fails.
     */
    public boolean allowsHost(String hostHeader) {
        if (hostHeader == null) {
            return false;
        }
        String host = hostHeader.strip().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            host = end < 0 ? host : host.substring(0, end + 1);
        } else if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) {
            host = host.substring(0, host.indexOf(':'));
        }
        return hosts.contains(host);
    }

    /** True when {@code origin} is exactly {@code scheme://host:port} of a served host (or a page of the peer). */
    public boolean allows(String origin, String scheme, int port) {
        return allowsOn(origin, scheme, port) || isPeer(origin, scheme);
    }

    private boolean allowsOn(String origin, String scheme, int port) {
        if (origin == null) {
            return false;
        }
        List<String> schemes = httpAndHttps ? List.of("http", "https") : List.of(scheme);
        for (String host : hosts) {
            for (String served : schemes) {
                if (origin.equals(served + "://" + host + ":" + port)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** True when the request's {@code Origin} is one of ours, for the scheme and port it came in on. */
    public boolean allows(Context ctx) {
        return allows(ctx.header("Origin"), ctx.scheme(), ctx.req().getLocalPort());
    }

    // region public-demos
    /**
     * The public demo endpoints of the endpoint contract: the echo socket, the room sockets, the
     * event streams and the room POST. They hold no cookie and no session, so a request without
     * {@code Origin}, which comes from a program and not from a browser page (curl, websocat,
     * Java's HttpClient), may use them. Everywhere else a request that must show its Origin
     * still must; a foreign or "null" Origin is refused here as everywhere.
     */
    /**
     * Where an attendee's own copy of the course joins a workshop and reports to it: a program,
     * not a page, with a join code and then a ticket, never a cookie, so no Origin is needed.
     */
    public static final String WORKSHOP_ATTEND_JOIN = "/workshop/attend/join";
    public static final String WORKSHOP_ATTEND_SOCKET = "/workshop/attend/socket";

    public static boolean servesClientsWithoutOrigin(String method, String path) {
        return switch (method) {
            case "GET" -> path.equals("/ws/echo") || path.startsWith("/ws/room/") || path.startsWith("/sse/")
                    || path.equals(WORKSHOP_ATTEND_SOCKET);
            case "POST" -> path.startsWith("/sse/room/") || path.equals(WORKSHOP_ATTEND_JOIN);
            default -> false;
        };
    }

    /**
     * True when this request may go ahead as far as its Origin goes: it is one of ours, or it has
     * none and asks for a public demo endpoint.
     */
    public boolean admits(Context ctx) {
        return ctx.header("Origin") == null
                ? servesClientsWithoutOrigin(ctx.method().name(), ctx.path())
                : allows(ctx);
    }
    // endregion

    /** What a handshake refused by {@link #admits(Context)} tells its client: the origins that would pass. */
    public String refusal(Context ctx) {
        String origin = ctx.header("Origin");
        return (origin == null ? "WebSocket refused: no Origin header; this endpoint is for pages served from "
                : "WebSocket refused: the Origin " + origin + " is not one of ")
                + describe(ctx.scheme(), ctx.req().getLocalPort());
    }

    private String describe(String scheme, int port) {
        return List.copyOf(hosts).stream().sorted().map(h -> scheme + "://" + h + ":" + port).toList().toString();
    }
}
