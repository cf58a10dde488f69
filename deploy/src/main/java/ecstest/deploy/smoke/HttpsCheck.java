package ecstest.deploy.smoke;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * What a stack with a domain promises a browser: its HTTPS URL presents a certificate that a trusted chain issued for
 * its name (the JDK checks the chain against its trust store and the name against the URL's host, as a browser does),
 * and its HTTP URL answers 301 with the HTTPS URL as the location.
 */
public final class HttpsCheck {

    /** The certificate a URL presented: the names it is for, who issued it, until when. */
    public record Presented(List<String> names, String issuer, String notAfter) {}

    private final HttpClient http;

    public HttpsCheck() {
        this(defaultContext());
    }

    /** @param trust the TLS setup to check chains with (the JDK's own trust store by default) */
    public HttpsCheck(SSLContext trust) {
        this.http = HttpClient.newBuilder()
                .sslContext(trust)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    private static SSLContext defaultContext() {
        try {
            return SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException ex) {
            throw new IllegalStateException("this JDK has no TLS", ex);
        }
    }

    /**
     * The certificate {@code https} presents, once the JDK has checked its chain and that it names the URL's host.
     *
     * @return empty with what went wrong in {@code problem}, e.g. a certificate for another name
     */
    public Optional<Presented> certificate(URI https, List<String> problem) {
        try {
            HttpResponse<Void> response = http.send(
                    HttpRequest.newBuilder(https)
                            .method("HEAD", HttpRequest.BodyPublishers.noBody())
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            var session = response.sslSession().orElseThrow();
            X509Certificate leaf = (X509Certificate) session.getPeerCertificates()[0];
            return Optional.of(new Presented(
                    names(leaf),
                    leaf.getIssuerX500Principal().getName(),
                    leaf.getNotAfter().toInstant().toString()));
        } catch (SSLHandshakeException ex) {
            problem.add("the certificate of " + https + " was refused: " + rootMessage(ex));
        } catch (SSLPeerUnverifiedException ex) {
            problem.add(https + " presented no certificate");
        } catch (IOException ex) {
            problem.add("cannot reach " + https + ": " + rootMessage(ex));
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            problem.add("interrupted");
        }
        return Optional.empty();
    }

    /**
     * What {@code http} answers: {@code null} when it is a 301 to {@code expected}, else what it answered instead.
     */
    public String redirect(URI http, URI expected) {
        try {
            HttpResponse<Void> response = this.http.send(
                    HttpRequest.newBuilder(http).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding());
            String location = response.headers().firstValue("Location").orElse("(none)");
            if (response.statusCode() == 301 && location.equals(expected.toString())) {
                return null;
            }
            return "GET " + http + " answered " + response.statusCode() + " with Location " + location + ", not 301 to "
                    + expected;
        } catch (IOException ex) {
            return "cannot reach " + http + ": " + rootMessage(ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static List<String> names(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            if (certificate.getSubjectAlternativeNames() != null) {
                certificate.getSubjectAlternativeNames().stream()
                        .filter(entry -> Integer.valueOf(2).equals(entry.get(0))) // dNSName
                        .forEach(entry -> names.add((String) entry.get(1)));
            }
        } catch (CertificateParsingException ex) {
            names.add("(unreadable names)");
        }
        if (names.isEmpty()) {
            names.add(certificate.getSubjectX500Principal().getName());
        }
        return names;
    }

    private static String rootMessage(Throwable ex) {
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage() == null ? root : root.getMessage());
    }
}
