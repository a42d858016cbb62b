package io.lcim.media;

import io.lcim.common.Addresses;
import io.lcim.common.ServiceLauncher;

import java.util.List;

/** The media service as its own process ({@code java -jar lcim-media-service.jar}); HTTP on IM_MEDIA_PORT. */
public final class MediaMain {

  private MediaMain() {
  }

  public static void main(String[] args) {
    ServiceLauncher.runMain(Addresses.MEDIA_SERVICE, List.of(MediaVerticle::new));
  }
}
