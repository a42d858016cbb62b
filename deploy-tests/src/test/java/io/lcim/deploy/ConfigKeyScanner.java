package io.lcim.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the configuration keys (environment variable names) Java sources read, so that the manifests can be
 * checked against the code as it changes. Recognised reads:
 * <ul>
 *   <li>{@code ConfigValues.string|integer|longValue|bool|onOff(config, KEY, default)}, where KEY is a string
 *       literal, a {@code static final String} constant of the same file, or {@code Class.CONSTANT} of a scanned
 *       file;</li>
 *   <li>{@code System.getenv("KEY")}, and {@code config.getString|getInteger|…("KEY")} or the same on
 *       {@code config()} (a verticle's config JsonObject).</li>
 * </ul>
 * A ConfigValues read whose key cannot be resolved, or a static import of ConfigValues, fails the scan instead of
 * being skipped: a key the scanner cannot see would silently escape the checks.
 */
final class ConfigKeyScanner {

  private static final Pattern CONFIG_VALUES_CALL =
    Pattern.compile("\\bConfigValues\\s*\\.\\s*(string|integer|longValue|bool|onOff)\\s*\\(");
  private static final Pattern STATIC_IMPORT = Pattern.compile("import\\s+static\\s+io\\.lcim\\.common\\.ConfigValues");
  private static final Pattern DIRECT_READ = Pattern.compile(
    "(?:\\bSystem\\s*\\.\\s*getenv|\\bconfig(?:\\(\\))?\\s*\\.\\s*get(?:String|Integer|Long|Boolean|Value))"
      + "\\s*\\(\\s*\"([A-Z][A-Z0-9_]*)\"");
  private static final Pattern CONSTANT = Pattern.compile(
    "\\b(?:static\\s+final|final\\s+static)\\s+String\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*\"([^\"]*)\"\\s*;");
  private static final Pattern STRING_LITERAL = Pattern.compile("\"([^\"\\\\]*)\"");
  private static final Pattern QUALIFIED_NAME =
    Pattern.compile("(?:([A-Z][A-Za-z0-9_]*)\\s*\\.\\s*)?([A-Za-z_][A-Za-z0-9_]*)");

  /** One read of a key: where, and its default as written (null when the read has none). */
  record ConfigRead(String key, String defaultExpression, String location) {

    /** The default as a whole number, when it is an integer literal. */
    Optional<Long> integerDefault() {
      if (defaultExpression == null) {
        return Optional.empty();
      }
      String literal = defaultExpression.replace("_", "").replaceAll("[lL]$", "");
      return literal.matches("-?\\d+") ? Optional.of(Long.parseLong(literal)) : Optional.empty();
    }
  }

  private ConfigKeyScanner() {
  }

  /** Every key read by the Java sources under the given roots (missing roots are skipped), in source order. */
  static Map<String, List<ConfigRead>> scan(List<Path> sourceRoots) {
    Map<Path, String> sources = new LinkedHashMap<>();
    for (Path root : sourceRoots) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(root)) {
        files.filter(f -> f.toString().endsWith(".java")).sorted()
          .forEach(f -> sources.put(f, read(f)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return scanSources(sources);
  }

  /** The scan over already-read sources (file name → text); names only need to end with {@code Class.java}. */
  static Map<String, List<ConfigRead>> scanSources(Map<Path, String> rawSources) {
    Map<Path, String> sources = new LinkedHashMap<>();
    rawSources.forEach((file, text) -> sources.put(file, JavaText.withoutComments(text)));
    Map<String, Map<String, String>> constantsByClass = new HashMap<>();
    sources.forEach((file, text) -> {
      Map<String, String> constants = new HashMap<>();
      Matcher matcher = CONSTANT.matcher(text);
      while (matcher.find()) {
        constants.put(matcher.group(1), matcher.group(2));
      }
      constantsByClass.put(className(file), constants);
    });
    Map<String, List<ConfigRead>> reads = new LinkedHashMap<>();
    sources.forEach((file, text) -> {
      String code = JavaText.blankLiterals(text);
      if (STATIC_IMPORT.matcher(code).find()) {
        throw new IllegalStateException(file + ": static import of ConfigValues; the scanner only recognises "
          + "ConfigValues.xxx(...) calls, extend it (ConfigKeyScanner) before using this form");
      }
      Matcher call = CONFIG_VALUES_CALL.matcher(code);
      while (call.find()) {
        List<String> arguments = JavaText.arguments(text, call.end());
        String location = file.getFileName() + ":" + lineOf(text, call.start());
        if (arguments.size() < 2) {
          throw new IllegalStateException(location + ": unreadable ConfigValues call");
        }
        String key = resolveKey(arguments.get(1), className(file), constantsByClass, location);
        String defaultExpression = arguments.size() > 2 ? arguments.get(2) : null;
        reads.computeIfAbsent(key, k -> new ArrayList<>()).add(new ConfigRead(key, defaultExpression, location));
      }
      Matcher direct = DIRECT_READ.matcher(text);
      while (direct.find()) {
        if (code.charAt(direct.start()) != text.charAt(direct.start())) {
          continue;
        }
        String location = file.getFileName() + ":" + lineOf(text, direct.start());
        reads.computeIfAbsent(direct.group(1), k -> new ArrayList<>())
          .add(new ConfigRead(direct.group(1), null, location));
      }
    });
    return reads;
  }

  private static String resolveKey(String expression, String ownClass,
                                   Map<String, Map<String, String>> constantsByClass, String location) {
    String trimmed = expression.strip();
    Matcher literal = STRING_LITERAL.matcher(trimmed);
    if (literal.matches()) {
      return literal.group(1);
    }
    Matcher name = QUALIFIED_NAME.matcher(trimmed);
    if (name.matches()) {
      String owner = name.group(1) == null ? ownClass : name.group(1);
      String value = constantsByClass.getOrDefault(owner, Map.of()).get(name.group(2));
      if (value != null) {
        return value;
      }
    }
    throw new IllegalStateException(location + ": cannot resolve the config key '" + trimmed + "' (use a string "
      + "literal or a static final String constant, or extend ConfigKeyScanner)");
  }

  private static String className(Path file) {
    String name = file.getFileName().toString();
    return name.substring(0, name.length() - ".java".length());
  }

  private static int lineOf(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Just enough Java lexing: comments removed (lines kept), and call arguments split at top-level commas. */
  static final class JavaText {
    private JavaText() {
    }

    static String withoutComments(String source) {
      StringBuilder out = new StringBuilder(source.length());
      int i = 0;
      while (i < source.length()) {
        char c = source.charAt(i);
        if (source.startsWith("\"\"\"", i)) {
          int end = source.indexOf("\"\"\"", i + 3);
          end = end < 0 ? source.length() : end + 3;
          out.append(source, i, end);
          i = end;
        } else if (c == '"' || c == '\'') {
          int end = endOfQuoted(source, i);
          out.append(source, i, end);
          i = end;
        } else if (source.startsWith("//", i)) {
          while (i < source.length() && source.charAt(i) != '\n') {
            i++;
          }
        } else if (source.startsWith("/*", i)) {
          int end = source.indexOf("*/", i + 2);
          end = end < 0 ? source.length() : end + 2;
          source.substring(i, end).chars().filter(ch -> ch == '\n').forEach(ch -> out.append('\n'));
          i = end;
        } else {
          out.append(c);
          i++;
        }
      }
      return out.toString();
    }

    /** The text with the insides of string and char literals blanked (same length), to find code only. */
    static String blankLiterals(String source) {
      StringBuilder out = new StringBuilder(source);
      int i = 0;
      while (i < source.length()) {
        char c = source.charAt(i);
        int end;
        if (source.startsWith("\"\"\"", i)) {
          end = source.indexOf("\"\"\"", i + 3);
          end = end < 0 ? source.length() : end + 3;
        } else if (c == '"' || c == '\'') {
          end = endOfQuoted(source, i);
        } else {
          i++;
          continue;
        }
        for (int j = i + 1; j < end - 1; j++) {
          if (out.charAt(j) != '\n') {
            out.setCharAt(j, ' ');
          }
        }
        i = end;
      }
      return out.toString();
    }

    /** The comma-separated arguments of a call whose opening parenthesis ends at {@code start}. */
    static List<String> arguments(String text, int start) {
      List<String> arguments = new ArrayList<>();
      int depth = 0;
      StringBuilder current = new StringBuilder();
      int i = start;
      while (i < text.length()) {
        char c = text.charAt(i);
        if (c == '"' || c == '\'') {
          int end = endOfQuoted(text, i);
          current.append(text, i, end);
          i = end;
          continue;
        }
        if (c == '(' || c == '[' || c == '{') {
          depth++;
        } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
          depth--;
        } else if (c == ')') {
          arguments.add(current.toString().strip());
          return arguments;
        } else if (c == ',' && depth == 0) {
          arguments.add(current.toString().strip());
          current.setLength(0);
          i++;
          continue;
        }
        current.append(c);
        i++;
      }
      throw new IllegalStateException("unterminated call at offset " + start);
    }

    private static int endOfQuoted(String text, int start) {
      char quote = text.charAt(start);
      int i = start + 1;
      while (i < text.length() && text.charAt(i) != quote) {
        i += text.charAt(i) == '\\' ? 2 : 1;
      }
      return Math.min(i + 1, text.length());
    }
  }
}
