package dev.realtimelab.security;

import io.javalin.http.Context;
import io.javalin.websocket.WsContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;

/**
 * The IP address a request or a socket really came from: the TCP peer. Never a header such as
 * {@code X-Forwarded-For}, which the client writes itself ({@code ctx.ip()} may trust it).
 */
public final class ClientAddress {
    private ClientAddress() {}

    public static String of(Context ctx) {
        return normalize(ctx.req().getRemoteAddr());
    }

    public static String of(WsContext ctx) {
        SocketAddress remote = ctx.session.getRemoteSocketAddress();
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(remote);
    }

    public static boolean isLoopback(Context ctx) {
        return isLoopback(ctx.req().getRemoteAddr());
    }

    public static boolean isLoopback(WsContext ctx) {
        return isLoopback(of(ctx));
    }

    static boolean isLoopback(String address) {
        try {
            return address != null && literal(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** One spelling per address, so "::1" and "0:0:0:0:0:0:0:1" count as the same client. */
    static String normalize(String address) {
        try {
            return literal(address).getHostAddress();
        } catch (UnknownHostException e) {
            return String.valueOf(address);
        }
    }

    /** Parses an IP literal; a servlet's remote address is always one, so no DNS is asked. */
    private static InetAddress literal(String address) throws UnknownHostException {
        String bare = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        if (!bare.contains(":") && !bare.matches("[0-9.]+")) {
            throw new UnknownHostException("not an IP literal: " + address);
        }
        return InetAddress.getByName(bare);
    }
}
