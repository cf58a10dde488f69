package ecstest.deploy.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What `smoke` checks of a stack with a domain, against real servers on loopback: an HTTPS server presenting a
 * certificate made here (keytool), trusted through the check's own trust store as a browser trusts a public CA's.
 */
class HttpsCheckTests {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    Path dir;

    private final List<HttpServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(server -> server.stop(0));
    }

    @Test
    void aCertificateForTheNameIsPresentedAndDescribed() throws Exception {
        KeyStore keys = certificate("localhost");
        URI https = httpsServer(keys);

        List<String> problems = new ArrayList<>();
        var presented = new HttpsCheck(trusting(keys)).certificate(https, problems);

        assertThat(problems).isEmpty();
        assertThat(presented).hasValueSatisfying(certificate -> {
            assertThat(certificate.names()).containsExactly("localhost");
            assertThat(certificate.issuer()).contains("CN=localhost");
        });
    }

    @Test
    void aCertificateForAnotherNameIsRefusedAsABrowserRefusesIt() throws Exception {
        KeyStore keys = certificate("api.example.test");
        URI https = httpsServer(keys);

        List<String> problems = new ArrayList<>();
        var presented = new HttpsCheck(trusting(keys)).certificate(https, problems);

        assertThat(presented).isEmpty();
        assertThat(problems)
                .singleElement()
                .asString()
                .startsWith("the certificate of " + https + " was refused: ")
                .containsIgnoringCase("localhost");
    }

    @Test
    void aCertificateNoTrustedAuthorityIssuedIsRefused() throws Exception {
        URI https = httpsServer(certificate("localhost"));

        List<String> problems = new ArrayList<>();
        var presented = new HttpsCheck(trusting(certificate("localhost"))).certificate(https, problems);

        assertThat(presented).isEmpty();
        assertThat(problems).singleElement().asString().contains("was refused");
    }

    @Test
    void httpAnswersAPermanentRedirectToTheHttpsUrlOrSaysWhatItAnswered() throws Exception {
        URI target = URI.create("https://api.example.test/");
        URI redirecting = httpServer(301, target.toString());
        URI serving = httpServer(200, null);
        URI elsewhere = httpServer(302, target.toString());
        HttpsCheck check = new HttpsCheck();

        assertThat(check.redirect(redirecting, target)).isNull();
        assertThat(check.redirect(serving, target))
                .isEqualTo("GET " + serving + " answered 200 with Location (none), not 301 to " + target);
        assertThat(check.redirect(elsewhere, target)).startsWith("GET " + elsewhere + " answered 302");
    }

    /** A key and a self-signed certificate for the name, made by the JDK's keytool. */
    private KeyStore certificate(String name) throws Exception {
        Path store = dir.resolve(name + "-" + System.nanoTime() + ".p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "server",
                        "-keyalg",
                        "EC",
                        "-dname",
                        "CN=" + name,
                        "-ext",
                        "SAN=dns:" + name,
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        new String(PASSWORD))
                .redirectErrorStream(true)
                .start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        return keys;
    }

    /** A TLS setup that trusts the certificate of these keys, and nothing else. */
    private static SSLContext trusting(KeyStore keys) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", keys.getCertificate("server"));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private URI httpsServer(KeyStore keys) throws Exception {
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        servers.add(server);
        return URI.create("https://localhost:" + server.getAddress().getPort() + "/");
    }

    private URI httpServer(int status, String location) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            if (location != null) {
                exchange.getResponseHeaders().add("Location", location);
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        servers.add(server);
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }
}
