package io.realdb.engine.review;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * An HTTP server that answers the review calls with scripted statuses and bodies, and records
 * what it received: for the answers a real Gerrit rarely gives on demand (503, 403, a dropped
 * label). The real Gerrit is exercised by the realdb-gerrit-it module.
 */
final class ScriptedGerrit implements AutoCloseable {

    record Received(String method, String path, String authorization, String body) {
    }

    private record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final Deque<Answer> answers = new ArrayDeque<>();
    private final List<Received> received = new ArrayList<>();

    ScriptedGerrit() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Answer answer;
            synchronized (this) {
                received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        exchange.getRequestHeaders().getFirst("Authorization"), body));
                answer = answers.isEmpty() ? new Answer(500, "no answer scripted") : answers.poll();
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    synchronized ScriptedGerrit answer(int status, String body) {
        answers.add(new Answer(status, body));
        return this;
    }

    synchronized List<Received> received() {
        return List.copyOf(received);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/r/");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
