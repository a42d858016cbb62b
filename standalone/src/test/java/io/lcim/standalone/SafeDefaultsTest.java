package io.lcim.standalone;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lcim.common.AppCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 10 item 7: with the published development keys the standalone stays on loopback; no key is ever logged. */
@Timeout(120)
class SafeDefaultsTest {

  @TempDir
  Path dataDir;

  @Test
  void developmentKeysBindLoopbackOnlyAndTheMasterKeyIsNotLogged() throws Exception {
    ListAppender<ILoggingEvent> logs = captureLogs();
    try (StandaloneServer server = StandaloneServer.start(Map.of("IM_PORT", "0",
      "IM_DATA_DIR", dataDir.toString()))) {
      assertThat(server.host()).isEqualTo("127.0.0.1");
      try (Socket loopback = new Socket()) {
        loopback.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
      }
      Optional<InetAddress> external = nonLoopbackAddress();
      if (external.isPresent()) {
        assertThatThrownBy(() -> {
          try (Socket outside = new Socket()) {
            outside.connect(new InetSocketAddress(external.get(), server.port()), 5000);
          }
        }).as("connect via %s", external.get()).isInstanceOf(IOException.class);
      }
    } finally {
      stopCapturing(logs);
    }
    assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
      .noneMatch(line -> line.contains(AppCredentials.DEV_MASTER_KEY))
      .anyMatch(line -> line.contains(new AppCredentials("a", "b", AppCredentials.DEV_MASTER_KEY)
        .masterKeyFingerprint()));
  }

  @Test
  void anOwnMasterKeyIsLoggedOnlyAsAFingerprint() {
    String masterKey = "a-real-master-key-0123456789";
    ListAppender<ILoggingEvent> logs = captureLogs();
    try (StandaloneServer server = StandaloneServer.start(Map.of("IM_HOST", "127.0.0.1", "IM_PORT", "0",
      "IM_DATA_DIR", dataDir.toString(), "IM_APP_ID", "safe-app", "IM_APP_KEY", "safe-key",
      "IM_MASTER_KEY", masterKey))) {
      assertThat(server.port()).isPositive();
    } finally {
      stopCapturing(logs);
    }
    assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
      .noneMatch(line -> line.contains(masterKey))
      .anyMatch(line -> line.contains(new AppCredentials("safe-app", "safe-key", masterKey).masterKeyFingerprint()));
  }

  private static ListAppender<ILoggingEvent> captureLogs() {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    root().addAppender(appender);
    return appender;
  }

  private static void stopCapturing(ListAppender<ILoggingEvent> appender) {
    root().detachAppender(appender);
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
    return NetworkInterface.networkInterfaces()
      .filter(nic -> {
        try {
          return nic.isUp() && !nic.isLoopback();
        } catch (SocketException e) {
          return false;
        }
      })
      .flatMap(NetworkInterface::inetAddresses)
      .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
      .findFirst();
  }
}
