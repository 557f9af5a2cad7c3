package dev.realtimelab.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which peers count as this machine: what the labs and the exercise actions trust. */
class ClientAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.2", "127.255.255.254", "::1", "[::1]", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1"})
    void loopbackAddressesAreThisMachine(String address) {
        assertTrue(ClientAddress.isLoopback(address), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.168.1.20", "10.0.0.7", "172.16.0.1", "0.0.0.0", "::", "fe80::1", "::ffff:192.168.1.20",
        "2001:db8::1", "localhost", "evil.example", "", "128.0.0.1", "cafe"})
    void everythingElseIsAnotherMachineAndNoNameIsLookedUp(String address) {
        assertFalse(ClientAddress.isLoopback(address), address);
    }

    @Test
    void oneSpellingPerAddress() {
        assertEquals(ClientAddress.normalize("::1"), ClientAddress.normalize("0:0:0:0:0:0:0:1"));
        assertEquals(ClientAddress.normalize("::1"), ClientAddress.normalize("[::1]"));
    }
}
