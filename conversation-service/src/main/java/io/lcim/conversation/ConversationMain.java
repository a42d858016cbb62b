package io.lcim.conversation;

import io.lcim.common.Addresses;
import io.lcim.common.ServiceLauncher;

import java.util.List;

/** conversation-service as its own process on the clustered event bus. */
public final class ConversationMain {

  private ConversationMain() {
  }

  public static void main(String[] args) {
    ServiceLauncher.runMain(Addresses.CONVERSATION_SERVICE, List.of(ConversationVerticle::new));
  }
}
