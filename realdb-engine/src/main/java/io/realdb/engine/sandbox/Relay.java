package io.realdb.engine.sandbox;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Listens on one address and passes every connection through to one target, the database over
 * TCP. It is the only thing a sandboxed command can reach, so it is the only way out of the
 * sandbox. It listens on a TCP address (the host's end of a veth link) or on a unix socket (a
 * file bound into a sandbox that has no network at all).
 */
final class Relay implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MS = 10_000;

    private final ServerSocketChannel server;
    private final InetSocketAddress target;
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();

    private Relay(ServerSocketChannel server, InetSocketAddress target, String name) {
        this.server = server;
        this.target = target;
        Thread acceptor = new Thread(this::accept, "realdb-relay-" + name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A relay on a free port of {@code listen}. */
    static Relay tcp(InetAddress listen, InetSocketAddress target) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(listen, 0), 50);
        return new Relay(server, target, Integer.toString(((InetSocketAddress) server.getLocalAddress()).getPort()));
    }

    /**
     * A relay on the unix socket {@code socket}, which any user may connect to: the sandbox's
     * user need not be realdb's.
     */
    static Relay unix(Path socket, InetSocketAddress target) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket), 50);
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        return new Relay(server, target, socket.getFileName().toString());
    }

    /** The TCP port it listens on; only for a relay made by {@link #tcp}. */
    int port() {
        try {
            return ((InetSocketAddress) server.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException("the relay is closed", e);
        }
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                SocketChannel upstream = SocketChannel.open();
                try {
                    upstream.socket().connect(target, CONNECT_TIMEOUT_MS);
                } catch (IOException e) {
                    closeQuietly(upstream);
                    closeQuietly(client);
                    continue;
                }
                open.add(client);
                open.add(upstream);
                pipe(client, upstream);
                pipe(upstream, client);
            } catch (IOException e) {
                // Closed while accepting: the relay is shutting down.
            }
        }
    }

    /**
     * Copies one direction with the channels themselves: on Java 17 a channel's streams lock the
     * channel for a read, so a write the other way would wait for it.
     */
    private void pipe(SocketChannel from, SocketChannel to) {
        Thread thread = new Thread(() -> {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            try {
                while (from.read(buffer) >= 0) {
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        to.write(buffer);
                    }
                    buffer.clear();
                }
            } catch (IOException e) {
                // One side closed; closing both below ends the other direction too.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "realdb-relay-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Already closed.
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // Nothing more to release.
        }
        open.forEach(Relay::closeQuietly);
    }
}
