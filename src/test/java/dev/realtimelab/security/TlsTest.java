package dev.realtimelab.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.TestApp;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checklist: wss. With --tls the port answers https:// and wss:// with the generated certificate
 * (trusted here explicitly, as a learner's browser does after its warning), plain http:// still
 * works, and the Origin check accepts the course's pages of either scheme and nothing else.
 */
class TlsTest {
    static TestApp app;
    static HttpClient client;
    static Path keystore = TestApp.ROOT.resolve(".realtime-lab/tls/localhost.p12");

    @BeforeAll
    static void start() throws Exception {
        app = new TestApp(SecuritySettings.defaults().withTls(true));
        KeyStore store = KeyStore.getInstance("PKCS12");
        char[] password = Files.readString(keystore.resolveSibling("localhost.password")).strip().toCharArray();
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("course", store.getCertificate(Tls.ALIAS));
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void theCertificateIsForLocalhostAndItsKeyIsPrivate() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, Files.readString(keystore.resolveSibling("localhost.password")).strip().toCharArray());
        }
        X509Certificate cert = (X509Certificate) store.getCertificate(Tls.ALIAS);
        assertTrue(cert.getSubjectAlternativeNames().toString().contains("localhost"), cert.getSubjectAlternativeNames().toString());
        assertTrue(cert.getSubjectAlternativeNames().toString().contains("127.0.0.1"));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(keystore)));
        String ignored = Files.readString(TestApp.ROOT.resolve(".gitignore"));
        assertTrue(ignored.contains(".realtime-lab/"), "the key never goes into git");
    }

    @Test
    void theSamePortAnswersHttpsAndHttp() throws Exception {
        HttpResponse<String> secure = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + app.port() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, secure.statusCode());
        assertEquals(200, app.get("/").statusCode());
    }

    @Test
    void wssWorksForThePagesOfEitherSchemeAndNoOthers() throws Exception {
        URI wss = URI.create("wss://localhost:" + app.port() + "/labs/echo");
        CompletableFuture<String> echoed = new CompletableFuture<>();
        WebSocket socket = client.newWebSocketBuilder().header("Origin", "https://localhost:" + app.port())
                .buildAsync(wss, new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        echoed.complete(data.toString());
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        socket.sendText("over TLS", true).join();
        assertEquals("over TLS", echoed.get(10, TimeUnit.SECONDS));
        socket.abort();

        // The port serves pages over http:// too, so an http:// page of the course may use wss://;
        // a foreign origin still may not.
        WebSocket fromHttpPage = client.newWebSocketBuilder().header("Origin", "http://localhost:" + app.port())
                .buildAsync(wss, new WebSocket.Listener() {}).get(10, TimeUnit.SECONDS);
        fromHttpPage.abort();
        var refused = client.newWebSocketBuilder().header("Origin", "https://localhost:" + (app.port() + 1))
                .buildAsync(wss, new WebSocket.Listener() {});
        try {
            refused.get(10, TimeUnit.SECONDS);
            throw new AssertionError("a foreign origin was accepted on wss://");
        } catch (java.util.concurrent.ExecutionException e) {
            assertEquals(403, ((java.net.http.WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
        }
    }
}
