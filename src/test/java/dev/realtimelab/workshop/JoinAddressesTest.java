package dev.realtimelab.workshop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.security.OriginPolicy;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class JoinAddressesTest {
    @Test
    void theOriginAndHostChecksAcceptThePrintedAddressesAndLoopbackOnly() throws Exception {
        JoinAddresses addresses = JoinAddresses.forBindAddress("10.213.9.1");
        assertEquals(List.of("http://10.213.9.1:7070/workshop"), addresses.urls("http", 7070));
        OriginPolicy origins = OriginPolicy.forJoinAddresses(addresses.hosts());
        assertTrue(origins.allows("http://10.213.9.1:7070", "http", 7070));
        assertTrue(origins.allows("http://localhost:7070", "http", 7070));
        assertFalse(origins.allows("http://10.213.9.2:7070", "http", 7070));
        String machine = InetAddress.getLocalHost().getHostName().toLowerCase();
        assertFalse(origins.allowsHost(machine + ":7070"), "the machine's name was not printed");
        assertFalse(origins.allowsHost(machine + ".local:7070"));
    }

    @Test
    void everyAddressOfAWildcardIsAUsableLanAddress() {
        for (String host : JoinAddresses.forBindAddress("0.0.0.0").hosts()) {
            assertFalse(host.startsWith("127.") || host.startsWith("169.254."), host);
            assertTrue(host.matches("[0-9.]+"), host);
        }
    }

    @Test
    void theQrCodeIsDrawnForTheTerminalAndAsSvg() {
        String url = "http://10.213.9.1:7070/workshop";
        String terminal = JoinAddresses.terminalQr(url);
        int size = io.nayuki.qrcodegen.QrCode.encodeText(url, io.nayuki.qrcodegen.QrCode.Ecc.MEDIUM).size;
        // A quiet zone of 2 modules on each side, two module rows per line.
        assertEquals((size + 4 + 1) / 2, terminal.lines().count());
        assertTrue(terminal.lines().allMatch(l -> l.endsWith("\u001b[0m")));
        String svg = JoinAddresses.svg(url);
        assertTrue(svg.startsWith("<svg") && svg.contains("viewBox=\"0 0 " + (size + 8) + " " + (size + 8) + "\""), svg.substring(0, 120));
    }
}
