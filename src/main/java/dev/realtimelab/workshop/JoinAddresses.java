package dev.realtimelab.workshop;

import dev.realtimelab.security.OriginPolicy;
import io.nayuki.qrcodegen.QrCode;
import java.util.List;
import java.util.Locale;

/**
 * Where attendees join: one address per usable network interface (or the one --host named),
 * each printed with a QR code drawn in the terminal and served as SVG to the instructor's page.
 * The Origin and Host checks accept exactly these hosts (and loopback, for the instructor).
 */
public final class JoinAddresses {
    private final List<String> hosts;

    private JoinAddresses(List<String> hosts) {
        this.hosts = List.copyOf(hosts);
    }

    /** The hosts for an app bound to {@code bindHost}: every LAN address for 0.0.0.0 (or ::), else that host. */
    public static JoinAddresses forBindAddress(String bindHost) {
        String bind = bindHost == null ? "" : bindHost.strip().toLowerCase(Locale.ROOT);
        boolean wildcard = bind.isEmpty() || bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]");
        return new JoinAddresses(wildcard ? OriginPolicy.lanAddresses() : List.of(bind));
    }

    public List<String> hosts() {
        return hosts;
    }

    /** {@code scheme://host:port/workshop} for each host. */
    public List<String> urls(String scheme, int port) {
        return hosts.stream().map(h -> scheme + "://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port + "/workshop").toList();
    }

    // region terminal-qr
    /**
     * The QR code of {@code text} for a terminal: each character cell holds two modules, the
     * upper half block in the foreground colour for the top one and the background colour for the
     * bottom one. Colours are explicit (ANSI black and bright white), so the code scans on light
     * and dark terminal themes alike; a quiet zone of two modules surrounds it.
     */
    public static String terminalQr(String text) {
        QrCode qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        int border = 2;
        int size = qr.size + 2 * border;
        StringBuilder out = new StringBuilder();
        for (int y = 0; y < size; y += 2) {
            for (int x = 0; x < size; x++) {
                boolean top = dark(qr, x - border, y - border);
                boolean bottom = y + 1 < size && dark(qr, x - border, y + 1 - border);
                out.append("\u001b[").append(top ? 30 : 97).append(';').append(bottom ? 40 : 107).append("m\u2580");
            }
            out.append("\u001b[0m\n");
        }
        return out.toString();
    }
    // endregion

    /** The QR code of {@code text} as an SVG image: one path of dark squares on white, quiet zone 4. */
    public static String svg(String text) {
        QrCode qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        int border = 4;
        int size = qr.size + 2 * border;
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < qr.size; y++) {
            for (int x = 0; x < qr.size; x++) {
                if (qr.getModule(x, y)) {
                    path.append('M').append(x + border).append(',').append(y + border).append("h1v1h-1z");
                }
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size
                + "\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR code of " + text + "\">"
                + "<rect width=\"" + size + "\" height=\"" + size + "\" fill=\"#fff\"/>"
                + "<path d=\"" + path + "\" fill=\"#000\"/></svg>";
    }

    private static boolean dark(QrCode qr, int x, int y) {
        return x >= 0 && y >= 0 && x < qr.size && y < qr.size && qr.getModule(x, y);
    }
}
