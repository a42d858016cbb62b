package io.lcim.standalone;

public final class StandaloneMain {
  public static void main(String[] args) {
  }
}
