package al.tirana.councilline.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Password hashes")
class PasswordsTest {

  @Test
  @DisplayName("check a password against its own hash only")
  void hashAndVerify() {
    String stored = Passwords.hash("correct horse");

    assertThat(Passwords.verify("correct horse", stored)).isTrue();
    assertThat(Passwords.verify("wrong horse", stored)).isFalse();
  }

  @Test
  @DisplayName("have a decoy for unknown usernames that costs a real hash's derivation and matches no password")
  void decoyCostsTheSameAndMatchesNothing() {
    String[] real = Passwords.hash("not-a-real-password").split("\\$");
    String decoy = Passwords.decoy();
    String[] parts = decoy.split("\\$");

    // same scheme, same work factor, same salt and value lengths: verifying against it derives exactly as much
    assertThat(parts).hasSize(4);
    assertThat(parts[0]).isEqualTo(real[0]);
    assertThat(parts[1]).isEqualTo(real[1]).isEqualTo(String.valueOf(Passwords.ITERATIONS));
    assertThat(parts[2]).hasSameSizeAs(real[2]);
    assertThat(parts[3]).hasSameSizeAs(real[3]);
    assertThat(Passwords.verify("not-a-real-password", decoy)).isFalse();
    assertThat(Passwords.verify("", decoy)).isFalse();
    assertThat(Passwords.decoy()).isNotEqualTo(decoy);
  }
}
