package io.lcim.gateway;

import io.lcim.common.Addresses;
import io.lcim.common.ServiceLauncher;

import java.util.List;

/** The gateway as its own process on the clustered event bus ({@code java -jar lcim-gateway.jar}). */
public final class GatewayMain {

  private GatewayMain() {
  }

  public static void main(String[] args) {
    ServiceLauncher.runMain(Addresses.GATEWAY, List.of(GatewayVerticle::new));
  }
}
