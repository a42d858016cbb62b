package io.lcim.deploy;

/**
 * A container image reference split like kustomize and container runtimes do: {@code name[:tag][@digest]}, where
 * a colon before the last slash belongs to a registry's port.
 */
record ImageReference(String name, String tag, String digest) {

  static ImageReference parse(String image) {
    String rest = image;
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
    }
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      return new ImageReference(rest.substring(0, colon), rest.substring(colon + 1), digest);
    }
    return new ImageReference(rest, null, digest);
  }

  /** The last path element of the name: {@code registry.example.com/lcim/gateway} gives {@code gateway}. */
  String shortName() {
    return name.substring(name.lastIndexOf('/') + 1);
  }
}
