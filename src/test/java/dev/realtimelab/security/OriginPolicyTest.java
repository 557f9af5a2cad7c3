package dev.realtimelab.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The allow-lists themselves: Origin (exact) and Host (name only, any port). */
class OriginPolicyTest {
    final OriginPolicy loopback = OriginPolicy.loopback();

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:7070", "http://127.0.0.1:7070", "http://[::1]:7070"})
    void theServedOriginsPass(String origin) {
        assertTrue(loopback.allows(origin, "http", 7070));
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "", "http://localhost:7070/", "http://localhost:70701", "http://localhost:7070.evil.example",
        "https://localhost:7070", "http://localhost", "http://LOCALHOST:7070", "http://evil.example", "http://localhost:7071",
        " http://localhost:7070", "http://localhost:7070 "})
    void everythingElseFails(String origin) {
        assertFalse(loopback.allows(origin, "http", 7070), origin);
        assertFalse(loopback.allows(null, "http", 7070));
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:7070", "127.0.0.1", "[::1]:7070", "LOCALHOST:7070"})
    void servedHostsPass(String host) {
        assertTrue(loopback.allowsHost(host), host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.example:7070", "localhost.evil.example", "127.0.0.1.nip.io:7070", "[::2]:7070", ""})
    void otherHostsFail(String host) {
        assertFalse(loopback.allowsHost(host), host);
    }

    @org.junit.jupiter.api.Test
    void aWildcardBindingServesTheMachinesOwnAddressesToo() {
        OriginPolicy all = OriginPolicy.forBindAddress("0.0.0.0");
        assertTrue(all.hosts().containsAll(loopback.hosts()));
        OriginPolicy one = OriginPolicy.forBindAddress("192.0.2.7");
        assertTrue(one.allows("http://192.0.2.7:7070", "http", 7070));
        assertFalse(one.allows("http://192.0.2.8:7070", "http", 7070));
    }
}
