package io.realdb.engine.history;

import io.realdb.engine.InfrastructureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A history server that accepts connections and never answers must not hang a run. */
class SilentHistoryServerTest {

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void shouldGiveUpOnAServerThatAcceptsAndNeverAnswers() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        accepted.add(silent.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            for (String url : List.of("jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/history",
                    "jdbc:mariadb://127.0.0.1:" + silent.getLocalPort() + "/history")) {
                long start = System.nanoTime();

                assertThatThrownBy(() -> HistoryStores.open(new HistoryLocation(url, "realdb", null)))
                        .as(url)
                        .isInstanceOf(InfrastructureException.class)
                        .hasMessageContaining("127.0.0.1:" + silent.getLocalPort());

                assertThat(Duration.ofNanos(System.nanoTime() - start))
                        .as("bounded by the history's timeouts, not by this test's")
                        .isLessThan(HistoryTimeouts.CONNECT.plus(HistoryTimeouts.READ));
            }
        } finally {
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }
}
