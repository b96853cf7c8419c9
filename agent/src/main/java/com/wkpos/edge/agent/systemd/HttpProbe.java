package com.wkpos.edge.agent.systemd;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Asks the LAN API's own health endpoint over loopback, as a POS screen or a probe would. In-process
 * state ("the server is started") stays true when the acceptor died or every request thread hangs;
 * only an answered request proves screens are being served. Not thread-safe.
 */
final class HttpProbe implements Watchdog.Check {
    private final URI health;
    private final HttpClient client;

    /** @param tls trusts the box's own certificate for an {@code https} URL; null for plain HTTP */
    HttpProbe(URI health, javax.net.ssl.SSLContext tls) {
        this.health = health;
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER);
        this.client = (tls == null ? b : b.sslContext(tls)).build();
    }

    @Override
    public Optional<String> problem(Duration budget) {
        HttpRequest request = HttpRequest.newBuilder(health).timeout(budget).GET().build();
        try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status == 200 ? Optional.empty() : Optional.of("LAN API health answered " + status);
        } catch (IOException e) {
            return Optional.of("LAN API did not answer " + health + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("watchdog interrupted");
        }
    }
}
