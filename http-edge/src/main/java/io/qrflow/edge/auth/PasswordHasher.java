package io.qrflow.edge.auth;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import java.util.Optional;

/**
 * Hashes and checks passwords with argon2id; hashes are stored PHC-encoded ({@code
 * $argon2id$v=19$m=...,t=...,p=...$salt$hash}), so each carries its own parameters.
 *
 * <p>Every method but {@link #problemWith} is CPU and memory heavy on purpose: call them on a
 * blocking dispatcher, never on the default one. Thread-safe.
 */
public final class PasswordHasher {

  private final AuthSettings.Argon2 params;
  private final AuthSettings.PasswordPolicy policy;
  private final Argon2Function function;
  // A real hash with the current parameters, so burn() costs exactly what a wrong password does.
  private final String dummyHash;

  public PasswordHasher(AuthSettings settings) {
    this.params = settings.argon2();
    this.policy = settings.password();
    this.function =
        Argon2Function.getInstance(
            params.memoryKib(),
            params.iterations(),
            params.parallelism(),
            params.hashLength(),
            Argon2.ID);
    this.dummyHash = hash("qrflow timing-equalizer password");
  }

  /** A new PHC-encoded argon2id hash of {@code password} with a random salt. */
  public String hash(String password) {
    return Password.hash(password).addRandomSalt(params.saltLength()).with(function).getResult();
  }

  /** Whether {@code password} matches {@code storedHash}; false, never an error, if malformed. */
  public boolean verify(String password, String storedHash) {
    if (password == null || storedHash == null) {
      return false;
    }
    try {
      return Argon2Function.getInstanceFromHash(storedHash).check(password, storedHash);
    } catch (RuntimeException malformed) {
      // password4j reports unparsable hashes with assorted runtime exceptions.
      return false;
    }
  }

  /**
   * Does the work of one failed {@link #verify}, for sign-in attempts on unknown accounts, so their
   * response time does not reveal which emails are registered.
   */
  public void burn(String password) {
    verify(password == null ? "" : password, dummyHash);
  }

  /** Why {@code password} is not acceptable as a new password, or empty if it is. */
  public Optional<String> problemWith(String password) {
    if (password == null) {
      return Optional.of("password is required");
    }
    long length = password.codePoints().count();
    if (length < policy.minLength()) {
      return Optional.of("password must have at least " + policy.minLength() + " characters");
    }
    if (length > policy.maxLength()) {
      return Optional.of("password must have at most " + policy.maxLength() + " characters");
    }
    if (password.codePoints().allMatch(PasswordHasher::isBlank)) {
      return Optional.of("password must not be only whitespace");
    }
    return Optional.empty();
  }

  // isWhitespace alone misses no-break spaces.
  private static boolean isBlank(int codePoint) {
    return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
  }
}
