package al.tirana.councilline.identity;

import al.tirana.councilline.platform.sql.Sql;
import al.tirana.councilline.identity.AccountEvent.AccountCreated;
import al.tirana.councilline.identity.AccountEvent.AccountDeactivated;
import al.tirana.councilline.identity.AccountEvent.AccountReactivated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/** user_account, kept in the account command's transaction so a new account can log in at once. */
@ProcessingGroup(AccountProjection.NAME)
public final class AccountProjection implements Credentials {

  public static final String NAME = "accounts";

  private final Sql sql;

  public AccountProjection(Sql sql) {
    this.sql = sql;
  }

  @Override
  public void store(String username, String passwordHash) {
    sql.update("INSERT INTO user_credential (username, password_hash) VALUES (?, ?) "
        + "ON CONFLICT (username) DO UPDATE SET password_hash = EXCLUDED.password_hash", username, passwordHash);
  }

  @EventHandler
  void on(AccountCreated e) {
    sql.update("INSERT INTO user_account (username, password_hash, role, counselor_id, created_at) "
        + "VALUES (?, '', ?, ?, ?)", e.username(), e.role(), e.counselorId(), e.at());
  }

  @EventHandler
  void on(AccountDeactivated e) {
    sql.update("UPDATE user_account SET active = FALSE, sessions_valid_after = ? WHERE username = ?", e.at(),
        e.username());
    sql.update("UPDATE refresh_token SET revoked_at = now() WHERE username = ? AND revoked_at IS NULL",
        e.username());
  }

  @EventHandler
  void on(AccountReactivated e) {
    sql.update("UPDATE user_account SET active = TRUE, failed_attempts = 0, locked_until = NULL WHERE username = ?",
        e.username());
  }
}
