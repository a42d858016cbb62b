package io.lcim.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The test's own kustomize subset behaves like kustomize on the features the manifests use. */
class KustomizeRendererTest {

  private static final String KUSTOMIZATION = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n";

  @TempDir
  Path dir;

  @Test
  void overlayPatchesMergeNamedListsAndReplaceOthersThenImagesAndNamespaceApply() throws IOException {
    write("base/kustomization.yaml", KUSTOMIZATION + "resources:\n  - app.yaml\n");
    write("base/app.yaml", """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: app
      spec:
        selector:
          matchLabels: {app: app}
        template:
          metadata:
            labels: {app: app}
          spec:
            containers:
              - name: app
                image: example/app:1
                args: ["--a"]
                env:
                  - name: KEPT
                    value: "1"
                  - name: CHANGED
                    value: old
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
      data:
        A: "1"
        B: "2"
      """);
    write("overlay/kustomization.yaml", KUSTOMIZATION + """
      namespace: space
      resources:
        - ../base
      images:
        - name: example/app
          newName: registry.test/app
          newTag: "2"
      secretGenerator:
        - name: keys
          literals:
            - KEY=value
      patches:
        - path: patch.yaml
      """);
    write("overlay/patch.yaml", """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: app
      spec:
        template:
          spec:
            containers:
              - name: app
                args: ["--b"]
                env:
                  - name: CHANGED
                    value: new
                  - name: ADDED
                    value: "3"
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
      data:
        B: null
        C: "3"
      """);

    Resources resources = new Resources(Kustomize.render(dir.resolve("overlay")).resources());

    Deployment app = resources.named(Deployment.class, "app").orElseThrow();
    var container = app.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("registry.test/app:2");
    assertThat(container.getArgs()).containsExactly("--b");
    assertThat(container.getEnv()).extracting(e -> e.getName() + "=" + e.getValue())
      .containsExactly("KEPT=1", "CHANGED=new", "ADDED=3");
    assertThat(resources.named(ConfigMap.class, "settings").orElseThrow().getData())
      .containsOnlyKeys("A", "C");
    assertThat(Resources.secretData(resources.named(Secret.class, "keys").orElseThrow())).containsEntry("KEY", "value");
    assertThat(resources.all()).allSatisfy(r -> assertThat(r.getMetadata().getNamespace()).isEqualTo("space"));
  }

  @Test
  void aMissingResourceFails() throws IOException {
    write("kustomization.yaml", KUSTOMIZATION + "resources:\n  - absent.yaml\n");

    assertThatThrownBy(() -> Kustomize.render(dir)).isInstanceOf(ManifestException.class)
      .hasMessageContaining("absent.yaml");
  }

  @Test
  void aKustomizationFieldTheRendererDoesNotModelFails() throws IOException {
    write("kustomization.yaml", KUSTOMIZATION + "commonLabels:\n  team: im\n");

    assertThatThrownBy(() -> Kustomize.render(dir)).isInstanceOf(ManifestException.class)
      .hasMessageContaining("commonLabels");
  }

  @Test
  void aPatchWithoutTargetFails() throws IOException {
    write("kustomization.yaml", KUSTOMIZATION + "patches:\n  - path: patch.yaml\n");
    write("patch.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: nowhere\ndata:\n  A: \"1\"\n");

    assertThatThrownBy(() -> Kustomize.render(dir)).isInstanceOf(ManifestException.class)
      .hasMessageContaining("matches 0 resources");
  }

  @Test
  void imageReferencesSplitLikeContainerRuntimesDo() {
    assertThat(ImageReference.parse("registry:5000/lcim/gateway:1.2"))
      .isEqualTo(new ImageReference("registry:5000/lcim/gateway", "1.2", null));
    assertThat(ImageReference.parse("registry:5000/lcim/gateway"))
      .isEqualTo(new ImageReference("registry:5000/lcim/gateway", null, null));
    assertThat(ImageReference.parse("mongo:7.0@sha256:abc").digest()).isEqualTo("sha256:abc");
    assertThat(ImageReference.parse("registry.example.com/lcim/gateway:1").shortName()).isEqualTo("gateway");
  }

  private void write(String relative, String content) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
