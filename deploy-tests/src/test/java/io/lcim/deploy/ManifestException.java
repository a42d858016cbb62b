package io.lcim.deploy;

/** A manifest that Kubernetes (or kustomize) would reject, or that the strict parse does not accept. */
final class ManifestException extends RuntimeException {

  ManifestException(String message) {
    super(message);
  }

  ManifestException(String message, Throwable cause) {
    super(message, cause);
  }
}
