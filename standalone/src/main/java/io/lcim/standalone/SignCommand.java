package io.lcim.standalone;

import io.lcim.common.AppCredentials;
import io.lcim.common.ConfigValues;
import io.lcim.common.Signatures;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * {@code java -jar im-standalone.jar sign …}: makes the login and conversation signatures an app's server makes
 * (README, "Signatures"), with {@code IM_APP_ID} and {@code IM_MASTER_KEY} from the environment, for trying
 * signatures out and checking an app server's own code against ours. Prints the fields the SDK's signature factory
 * returns ({@code signature}, {@code timestamp}, {@code nonce}) and the string that was signed.
 */
final class SignCommand {

  static final String USAGE = """
    usage: im-standalone.jar sign login <clientId>
           im-standalone.jar sign conv start <clientId> <memberId>...
           im-standalone.jar sign conv <add|invite|remove|kick> <clientId> <conversationId> <memberId>...
    IM_APP_ID and IM_MASTER_KEY are read from the environment.""";

  private static final SecureRandom RANDOM = new SecureRandom();

  private SignCommand() {
  }

  /** Runs the command; returns the process exit status (0, or 2 for a usage error). */
  static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    return run(args, env, out, err, System::currentTimeMillis);
  }

  static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err, LongSupplier clock) {
    AppCredentials app = AppCredentials.from(ConfigValues.fromMap(env));
    long timestamp = clock.getAsLong();
    String nonce = nonce();
    String text = signedText(args, app.appId(), timestamp, nonce);
    if (text == null) {
      err.println(USAGE);
      return 2;
    }
    if (AppCredentials.DEV_MASTER_KEY.equals(app.masterKey())) {
      err.println("warning: signing with the development master key; set IM_MASTER_KEY to your app's");
    }
    out.println("signature: " + Signatures.sign(app.masterKey(), text));
    out.println("timestamp: " + timestamp);
    out.println("nonce:     " + nonce);
    out.println("signed:    " + text);
    return 0;
  }

  /** The string to sign for {@code args}, or null when they are not a valid command. */
  private static String signedText(List<String> args, String appId, long timestamp, String nonce) {
    if (args.size() == 2 && args.get(0).equals("login")) {
      return Signatures.loginText(appId, args.get(1), timestamp, nonce);
    }
    if (args.size() >= 3 && args.get(0).equals("conv") && args.get(1).equals("start")) {
      return Signatures.startText(appId, args.get(2), args.subList(3, args.size()), timestamp, nonce);
    }
    List<String> actions = Arrays.stream(Signatures.MembershipAction.values())
      .flatMap(action -> action.names().stream()).toList();
    if (args.size() >= 5 && args.get(0).equals("conv") && actions.contains(args.get(1))) {
      return Signatures.membershipText(appId, args.get(2), args.get(3), args.subList(4, args.size()), timestamp,
        nonce, args.get(1));
    }
    return null;
  }

  /** 128 random bits, URL-safe. */
  private static String nonce() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
