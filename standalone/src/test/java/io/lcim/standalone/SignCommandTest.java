package io.lcim.standalone;

import io.lcim.common.Signatures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class SignCommandTest {

  private static final Map<String, String> ENV = Map.of("IM_APP_ID", "app1", "IM_MASTER_KEY", "master1");
  private static final long NOW = 1_796_385_600_000L;

  /** Runs the command and returns its output as field -> value. */
  private static Map<String, String> sign(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = SignCommand.run(List.of(args), ENV, new PrintStream(out, true, StandardCharsets.UTF_8),
      new PrintStream(err, true, StandardCharsets.UTF_8), () -> NOW);
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    return Arrays.stream(out.toString(StandardCharsets.UTF_8).split("\n"))
      .map(line -> line.split(":\\s+", 2))
      .collect(Collectors.toMap(parts -> parts[0], parts -> parts[1].trim()));
  }

  @Test
  void loginPrintsTheFieldsTheSdkFactoryReturns() {
    Map<String, String> fields = sign("login", "Tom");
    String nonce = fields.get("nonce");
    assertThat(nonce).matches("[A-Za-z0-9_-]{22}");
    assertThat(fields.get("timestamp")).isEqualTo(Long.toString(NOW));
    assertThat(fields.get("signed")).isEqualTo("app1:Tom::" + NOW + ":" + nonce);
    assertThat(fields.get("signature")).isEqualTo(Signatures.sign("master1", "app1:Tom::" + NOW + ":" + nonce));
    assertThat(fields.get("signature")).doesNotContain("master1");
  }

  @Test
  void conversationCommandsSortTheMembers() {
    Map<String, String> start = sign("conv", "start", "Tom", "Tom", "Jerry");
    assertThat(start.get("signed")).isEqualTo("app1:Tom:Jerry:Tom:" + NOW + ":" + start.get("nonce"));
    Map<String, String> kick = sign("conv", "kick", "Tom", "c1", "Mary", "Ann");
    assertThat(kick.get("signed")).isEqualTo("app1:Tom:c1:Ann:Mary:" + NOW + ":" + kick.get("nonce") + ":kick");
    assertThat(kick.get("signature")).isEqualTo(Signatures.sign("master1", kick.get("signed")));
  }

  @Test
  void badArgumentsPrintUsage() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = SignCommand.run(List.of("conv", "shout", "Tom"), ENV, new PrintStream(new ByteArrayOutputStream()),
      new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage:");
  }
}
