package io.realdb.engine.db;

import javax.net.SocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * Sockets to one unix-domain socket, for the PostgreSQL JDBC driver, which reaches a server over
 * TCP unless it is given a {@code socketFactory}: {@code socketFactory=} this class and
 * {@code socketFactoryArg=} the socket's path ({@code .../.s.PGSQL.5432}). The host and port in
 * the URL are then ignored. Java has had unix-domain channels since 16, so no native library is
 * needed. Read timeouts are not supported; realdb bounds its own calls itself.
 */
public final class UnixSocketFactory extends SocketFactory {

    private final Path socket;

    /** @param socketPath the server's socket file, as the driver passes {@code socketFactoryArg} */
    public UnixSocketFactory(String socketPath) {
        this.socket = Path.of(socketPath);
    }

    @Override
    public Socket createSocket() {
        return new UnixSocket(socket);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected();
    }

    private Socket connected() throws IOException {
        UnixSocket created = new UnixSocket(socket);
        created.connect(null, 0);
        return created;
    }

    /** A {@link Socket} whose streams are those of a unix-domain channel; TCP options are accepted and ignored. */
    private static final class UnixSocket extends Socket {
        private final Path path;
        private SocketChannel channel;
        private InputStream in;
        private OutputStream out;

        UnixSocket(Path path) {
            this.path = path;
        }

        @Override
        public synchronized void connect(SocketAddress ignored, int timeout) throws IOException {
            if (channel != null) {
                throw new SocketException("already connected");
            }
            SocketChannel opened = SocketChannel.open(UnixDomainSocketAddress.of(path));
            channel = opened;
            in = new InputStream() {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    int n = read(one, 0, 1);
                    return n < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] bytes, int offset, int length) throws IOException {
                    if (length == 0) {
                        return 0;
                    }
                    return opened.read(ByteBuffer.wrap(bytes, offset, length));
                }

                @Override
                public void close() throws IOException {
                    UnixSocket.this.close();
                }
            };
            out = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
                    while (buffer.hasRemaining()) {
                        opened.write(buffer);
                    }
                }

                @Override
                public void close() throws IOException {
                    UnixSocket.this.close();
                }
            };
        }

        @Override
        public void connect(SocketAddress endpoint) throws IOException {
            connect(endpoint, 0);
        }

        @Override
        public InputStream getInputStream() throws IOException {
            if (in == null) {
                throw new SocketException("not connected");
            }
            return in;
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            if (out == null) {
                throw new SocketException("not connected");
            }
            return out;
        }

        @Override
        public boolean isConnected() {
            return channel != null && channel.isConnected();
        }

        @Override
        public boolean isClosed() {
            return channel != null && !channel.isOpen();
        }

        @Override
        public synchronized void close() throws IOException {
            if (channel != null) {
                channel.close();
            }
        }

        @Override
        public void setTcpNoDelay(boolean on) {
        }

        @Override
        public void setKeepAlive(boolean on) {
        }

        @Override
        public void setSoTimeout(int timeout) {
        }

        @Override
        public int getSoTimeout() {
            return 0;
        }

        @Override
        public void setReceiveBufferSize(int size) {
        }

        @Override
        public void setSendBufferSize(int size) {
        }

        @Override
        public void setSoLinger(boolean on, int linger) {
        }

        @Override
        public void shutdownInput() throws IOException {
            channel.shutdownInput();
        }

        @Override
        public void shutdownOutput() throws IOException {
            channel.shutdownOutput();
        }
    }
}
