package io.realdb.engine.project;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.RefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPInputStream;

/**
 * Serves one repository over git's smart HTTP protocol (fetch only), behind a user and a
 * password, as a git server does: a request without them is answered 401.
 */
final class GitHttpServer implements AutoCloseable {

    private final HttpServer server;
    private final Repository repository;
    private final String authorization;

    GitHttpServer(Repository repository, String user, String password) throws IOException {
        this.repository = repository;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/project.git/", this::handle);
        server.start();
    }

    /** The repository's URL, with the given user and password. */
    String url(String user, String password) {
        return "http://" + user + ":" + password + "@127.0.0.1:" + server.getAddress().getPort() + "/project.git";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!authorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            String path = exchange.getRequestURI().getPath();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            String type;
            if (path.endsWith("/info/refs") && "GET".equals(exchange.getRequestMethod())) {
                type = "application/x-git-upload-pack-advertisement";
                PacketLineOut out = new PacketLineOut(body);
                out.writeString("# service=git-upload-pack\n");
                out.end();
                UploadPack upload = new UploadPack(repository);
                upload.setBiDirectionalPipe(false);
                upload.sendAdvertisedRefs(new RefAdvertiser.PacketLineOutRefAdvertiser(out));
            } else if (path.endsWith("/git-upload-pack") && "POST".equals(exchange.getRequestMethod())) {
                type = "application/x-git-upload-pack-result";
                InputStream in = exchange.getRequestBody();
                if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                    in = new GZIPInputStream(in);
                }
                UploadPack upload = new UploadPack(repository);
                upload.setBiDirectionalPipe(false);
                upload.upload(in, body, null);
            } else {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(200, body.size());
            try (OutputStream out = exchange.getResponseBody()) {
                body.writeTo(out);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
