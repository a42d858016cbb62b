package io.lcim.deploy;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The few facts of a Maven POM the deployment checks need, read without Maven. */
final class Pom {

  private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");
  private static final String SHADE = "maven-shade-plugin";

  private final Element project;
  private final Pom parent;
  private final Map<String, String> properties = new HashMap<>();

  private Pom(Element project, Pom parent) {
    this.project = project;
    this.parent = parent;
    if (parent != null) {
      properties.putAll(parent.properties);
    }
    child(project, "properties").ifPresent(list -> children(list, null)
      .forEach(property -> properties.put(property.getTagName(), property.getTextContent().trim())));
    properties.put("project.artifactId", artifactId());
    properties.put("project.version", version());
    properties.put("project.build.directory", "target");
  }

  /** The POM at {@code pomFile}, with the parent POM one folder up when it declares a parent. */
  static Pom read(Path pomFile) {
    Element project = parse(pomFile);
    Path parentPom = pomFile.toAbsolutePath().getParent().getParent().resolve("pom.xml");
    Pom parent = child(project, "parent").isPresent() && parentPom.toFile().isFile() ? read(parentPom) : null;
    return new Pom(project, parent);
  }

  String artifactId() {
    return text(project, "artifactId").orElseThrow();
  }

  String version() {
    return text(project, "version").orElseGet(() -> parent == null ? "" : parent.version());
  }

  List<String> modules() {
    List<String> modules = new ArrayList<>();
    child(project, "modules").ifPresent(list -> children(list, "module")
      .forEach(module -> modules.add(module.getTextContent().trim())));
    return modules;
  }

  /** Whether the module's own build runs the shade plugin (which makes the runnable jar). */
  boolean shaded() {
    return plugin(project, "plugins").isPresent();
  }

  /**
   * The file name of the runnable jar in target/: the shade plugin's outputFile (the module's or the parent's
   * pluginManagement), else the build's finalName, else artifactId-version.
   */
  String runnableJarName() {
    Optional<String> outputFile = plugin(project, "plugins").flatMap(Pom::outputFile)
      .or(() -> parent == null ? Optional.empty()
        : parent.plugin(parent.project, "pluginManagement").flatMap(Pom::outputFile));
    if (outputFile.isPresent()) {
      String resolved = resolve(outputFile.get());
      return resolved.substring(resolved.lastIndexOf('/') + 1);
    }
    return resolve(child(project, "build").flatMap(build -> text(build, "finalName"))
      .orElse(artifactId() + "-" + version())) + ".jar";
  }

  private Optional<Element> plugin(Element owner, String section) {
    Optional<Element> build = child(owner, "build");
    Optional<Element> plugins = section.equals("plugins") ? build.flatMap(b -> child(b, "plugins"))
      : build.flatMap(b -> child(b, section)).flatMap(management -> child(management, "plugins"));
    return plugins.stream().flatMap(list -> children(list, "plugin").stream())
      .filter(plugin -> text(plugin, "artifactId").filter(SHADE::equals).isPresent())
      .findFirst();
  }

  private static Optional<String> outputFile(Element plugin) {
    Optional<String> direct = child(plugin, "configuration").flatMap(c -> text(c, "outputFile"));
    if (direct.isPresent()) {
      return direct;
    }
    return child(plugin, "executions").stream()
      .flatMap(executions -> children(executions, "execution").stream())
      .flatMap(execution -> child(execution, "configuration").stream())
      .flatMap(configuration -> text(configuration, "outputFile").stream())
      .findFirst();
  }

  private String resolve(String value) {
    Matcher matcher = PROPERTY.matcher(value);
    StringBuilder resolved = new StringBuilder();
    while (matcher.find()) {
      String replacement = properties.get(matcher.group(1));
      matcher.appendReplacement(resolved, Matcher.quoteReplacement(replacement == null ? matcher.group()
        : resolve(replacement)));
    }
    matcher.appendTail(resolved);
    return resolved.toString();
  }

  private static Element parse(Path pomFile) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document document = factory.newDocumentBuilder().parse(pomFile.toFile());
      return document.getDocumentElement();
    } catch (Exception e) {
      throw new IllegalStateException("cannot read " + pomFile, e);
    }
  }

  private static Optional<Element> child(Element parent, String name) {
    List<Element> matching = children(parent, name);
    return matching.isEmpty() ? Optional.empty() : Optional.of(matching.get(0));
  }

  /** Child elements with that tag name (any name when null). */
  private static List<Element> children(Element parent, String name) {
    List<Element> matching = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node node = nodes.item(i);
      if (node instanceof Element element && (name == null || element.getTagName().equals(name))) {
        matching.add(element);
      }
    }
    return matching;
  }

  private static Optional<String> text(Element parent, String name) {
    return child(parent, name).map(element -> element.getTextContent().trim());
  }
}
