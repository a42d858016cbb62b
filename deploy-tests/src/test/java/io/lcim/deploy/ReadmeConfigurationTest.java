package io.lcim.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's configuration tables name every environment variable the server's code reads, so an operator
 * finds each setting there (and a new one cannot be added without a line saying what it does).
 */
@Timeout(60)
class ReadmeConfigurationTest {

  /** A table row's first cell: one or more back-quoted names. */
  private static final Pattern ROW = Pattern.compile("^\\|([^|]*)\\|", Pattern.MULTILINE);
  private static final Pattern NAME = Pattern.compile("`([A-Z][A-Z0-9_]*)`");

  @Test
  void everyKeyTheCodeReadsIsInTheReadme() throws IOException {
    Path root = RepoPaths.root();
    List<Path> sources;
    try (Stream<Path> modules = Files.list(root)) {
      sources = modules.map(module -> module.resolve("src/main/java")).filter(Files::isDirectory).toList();
    }
    Set<String> read = new TreeSet<>(ConfigKeyScanner.scan(sources).keySet());

    Set<String> documented = new TreeSet<>();
    Matcher row = ROW.matcher(Files.readString(root.resolve("README.md")));
    while (row.find()) {
      Matcher name = NAME.matcher(row.group(1));
      while (name.find()) {
        documented.add(name.group(1));
      }
    }

    assertThat(read).as("keys read by src/main/java of every module").isNotEmpty().contains("IM_PORT", "MONGO_URI");
    assertThat(documented).as("keys in the README's configuration tables (first column)").containsAll(read);
  }
}
