package io.lcim.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile read the way BuildKit reads it, far enough to check it: comments and parser directives skipped,
 * backslash continuations joined, instructions grouped into build stages, ARGs declared before the first FROM kept
 * as global arguments.
 */
record Dockerfile(Map<String, String> globalArgs, List<Stage> stages) {

  private static final Pattern FROM = Pattern.compile("(?i)(?:--platform=\\S+\\s+)?(\\S+)(?:\\s+AS\\s+(\\S+))?");

  /** One instruction: keyword in upper case, arguments as written (continuations joined). */
  record Instruction(String keyword, String arguments, int line) {
  }

  /** A build stage: its base (as written, maybe with ${ARG}s), its name if any, and its instructions. */
  record Stage(String base, String name, List<Instruction> instructions) {

    List<Instruction> all(String keyword) {
      return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    Optional<Instruction> last(String keyword) {
      List<Instruction> matching = all(keyword);
      return matching.isEmpty() ? Optional.empty() : Optional.of(matching.get(matching.size() - 1));
    }

    /** Ports of the EXPOSE instructions. */
    List<Integer> exposedPorts() {
      return all("EXPOSE").stream()
        .flatMap(i -> List.of(i.arguments().trim().split("\\s+")).stream())
        .map(port -> Integer.parseInt(port.replace("/tcp", "")))
        .toList();
    }

    /** Values set by ENV instructions, in the {@code KEY=value} form (quotes removed). */
    Map<String, String> env() {
      Map<String, String> env = new LinkedHashMap<>();
      Pattern assignment = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S+)");
      for (Instruction instruction : all("ENV")) {
        Matcher matcher = assignment.matcher(instruction.arguments());
        while (matcher.find()) {
          String value = matcher.group(2);
          if (value.startsWith("\"")) {
            value = value.substring(1, value.length() - 1).replace("\\\"", "\"");
          }
          env.put(matcher.group(1), value);
        }
      }
      return env;
    }
  }

  static Dockerfile read(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }

  static Dockerfile parse(String text) {
    Map<String, String> globalArgs = new LinkedHashMap<>();
    List<Stage> stages = new ArrayList<>();
    List<Instruction> current = null;
    for (Instruction instruction : instructions(text)) {
      if (instruction.keyword().equals("FROM")) {
        Matcher from = FROM.matcher(instruction.arguments().trim());
        if (!from.matches()) {
          throw new IllegalArgumentException("line " + instruction.line() + ": unreadable FROM " + instruction);
        }
        current = new ArrayList<>();
        stages.add(new Stage(from.group(1), from.group(2), current));
      } else if (current == null) {
        if (!instruction.keyword().equals("ARG")) {
          throw new IllegalArgumentException("line " + instruction.line() + ": only ARG may come before FROM");
        }
        String[] arg = instruction.arguments().trim().split("=", 2);
        globalArgs.put(arg[0], arg.length == 2 ? arg[1] : null);
      } else {
        current.add(instruction);
      }
    }
    return new Dockerfile(Map.copyOf(globalArgs), List.copyOf(stages));
  }

  Optional<Stage> stage(String name) {
    return stages.stream().filter(s -> name.equals(s.name())).findFirst();
  }

  /** The stage the image is made of: the last one, after resolving a {@code FROM <stage>} chain. */
  Stage finalStage() {
    return stages.get(stages.size() - 1);
  }

  private static List<Instruction> instructions(String text) {
    List<Instruction> instructions = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    StringBuilder pending = null;
    int start = 0;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].stripTrailing();
      if (pending == null && (line.isBlank() || line.stripLeading().startsWith("#"))) {
        continue;
      }
      if (pending != null && line.stripLeading().startsWith("#")) {
        continue;
      }
      if (pending == null) {
        pending = new StringBuilder();
        start = i + 1;
      }
      if (line.endsWith("\\")) {
        pending.append(line, 0, line.length() - 1);
        continue;
      }
      pending.append(line);
      String joined = pending.toString().strip();
      pending = null;
      int space = joined.indexOf(' ');
      String keyword = (space < 0 ? joined : joined.substring(0, space)).toUpperCase(Locale.ROOT);
      instructions.add(new Instruction(keyword, space < 0 ? "" : joined.substring(space + 1).strip(), start));
    }
    if (pending != null) {
      throw new IllegalArgumentException("line " + start + ": continuation at end of file");
    }
    return instructions;
  }
}
