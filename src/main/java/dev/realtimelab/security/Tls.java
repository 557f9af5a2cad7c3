package dev.realtimelab.security;

import io.javalin.config.JavalinConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.DetectorConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --tls}: HTTPS and {@code wss://} with a self-signed certificate for localhost, made once
 * with the JDK's keytool and kept in {@code .realtime-lab/tls/} (git-ignored). The port then
 * speaks both: a connection that starts with a TLS hello gets TLS, any other gets plain HTTP, so
 * the learner can open the same lesson over http:// and https:// and compare.
 */
public final class Tls {
    private static final Logger LOG = LoggerFactory.getLogger(Tls.class);
    static final String ALIAS = "realtime-lab";
    static final Duration RENEW_BEFORE = Duration.ofDays(30);
    /** SETTINGS_MAX_CONCURRENT_STREAMS: RFC 9113 section 6.5.2 recommends at least 100. */
    public static final int MAX_CONCURRENT_STREAMS = 128;

    private Tls() {}

    // region connector
    /**
     * Replaces the app's plain connector with one that detects TLS, on the same host and port.
     * Over TLS the browser and server agree on HTTP/2 or HTTP/1.1 by ALPN; browsers speak HTTP/2
     * only this way, so this is where the six-connection limit of HTTP/1.1 goes away (lesson 08).
     * WebSocket over HTTP/2 (RFC 8441) stays off: it failed in Chromium here, and without the
     * setting a browser opens its WebSockets on HTTP/1.1 connections of their own.
     */
    public static void serveBoth(JavalinConfig config, Path stateDir) {
        SslContextFactory.Server certificate = selfSigned(stateDir.resolve("tls"));
        certificate.setCipherComparator(HTTP2Cipher.COMPARATOR);
        config.jetty.addConnector((server, httpConfig) -> {
            HttpConfiguration http = new HttpConfiguration(httpConfig);
            // Sets the scheme to https on TLS connections (the Origin check compares it); the
            // Host check is ours, so Jetty's SNI host check is not needed.
            SecureRequestCustomizer secure = new SecureRequestCustomizer(false);
            secure.setSniHostCheck(false);
            http.addCustomizer(secure);
            HttpConnectionFactory plain = new HttpConnectionFactory(http);
            HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(http);
            h2.setConnectProtocolEnabled(false);
            h2.setMaxConcurrentStreams(MAX_CONCURRENT_STREAMS);
            // h2c, HTTP/2 without TLS, on the plain side of the port: browsers never use it, but
            // lesson 08's wire experiment does, because its relay can read HTTP/2 frames only
            // in the clear (inside TLS they are encrypted; the framing is the same either way).
            HTTP2CServerConnectionFactory h2c = new HTTP2CServerConnectionFactory(http);
            h2c.setConnectProtocolEnabled(false);
            h2c.setMaxConcurrentStreams(MAX_CONCURRENT_STREAMS);
            // ALPN ids are lower case ("h2", "http/1.1"); a client that offers only http/1.1, as
            // Chromium does for a WebSocket, must get it.
            ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
            alpn.setDefaultProtocol("http/1.1");
            SslConnectionFactory tls = new SslConnectionFactory(certificate, alpn.getProtocol());
            // A connection that does not start with a TLS hello goes on to the factory after the
            // detector: plain HTTP/1.1. ALPN picks h2 or http/1.1 among the others by name.
            ServerConnector connector = new ServerConnector(server,
                    new DetectorConnectionFactory(tls), plain, alpn, h2, h2c);
            connector.setHost(config.jetty.host);
            connector.setPort(config.jetty.port);
            return connector;
        });
    }
    // endregion

    /** The keystore in {@code dir}, made (or renewed, when it expires within 30 days) first. */
    static SslContextFactory.Server selfSigned(Path dir) {
        Path keystore = dir.resolve("localhost.p12");
        Path passwordFile = dir.resolve("localhost.password");
        try {
            Files.createDirectories(dir);
            if (!Files.isRegularFile(keystore) || !Files.isRegularFile(passwordFile) || expiresSoon(keystore, passwordFile)) {
                generate(keystore, passwordFile);
            }
            SslContextFactory.Server factory = new SslContextFactory.Server();
            factory.setKeyStorePath(keystore.toString());
            factory.setKeyStoreType("PKCS12");
            factory.setKeyStorePassword(Files.readString(passwordFile, StandardCharsets.UTF_8).strip());
            factory.setSniRequired(false);
            return factory;
        } catch (IOException e) {
            throw new IllegalStateException("could not prepare the TLS certificate in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean expiresSoon(Path keystore, Path passwordFile) {
        try (InputStream in = Files.newInputStream(keystore)) {
            char[] password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip().toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            X509Certificate cert = (X509Certificate) store.getCertificate(ALIAS);
            return cert == null || cert.getNotAfter().toInstant().isBefore(Instant.now().plus(RENEW_BEFORE));
        } catch (IOException | GeneralSecurityException e) {
            return true; // unreadable: make a new one
        }
    }

    // region keytool
    private static void generate(Path keystore, Path passwordFile) throws IOException {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.deleteIfExists(keystore);
        String keytool = Path.of(System.getProperty("java.home"), "bin",
                System.getProperty("os.name").startsWith("Windows") ? "keytool.exe" : "keytool").toString();
        List<String> command = new ArrayList<>(List.of(keytool, "-genkeypair", "-noprompt",
                "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "365",
                "-dname", "CN=localhost, O=Realtime Lab (self-signed for this machine)",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1,ip:::1",
                "-keystore", keystore.toString(), "-storetype", "PKCS12",
                // from the environment, so the password never shows in the process list
                "-storepass:env", "REALTIME_LAB_STOREPASS"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("REALTIME_LAB_STOREPASS", password);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroy();
                throw new IOException("keytool failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool ran", e);
        }
        Files.writeString(passwordFile, password, StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
            Files.setPosixFilePermissions(keystore, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): the user's profile folder protects it
        }
        LOG.info("made a self-signed TLS certificate for localhost in {}", keystore);
    }
    // endregion
}
