package io.lcim.message;

import io.lcim.common.Addresses;
import io.lcim.common.ServiceLauncher;

import java.util.List;

/** message-service as its own process on the clustered event bus. */
public final class MessageMain {

  private MessageMain() {
  }

  public static void main(String[] args) {
    ServiceLauncher.runMain(Addresses.MESSAGE_SERVICE, List.of(MessageVerticle::new));
  }
}
