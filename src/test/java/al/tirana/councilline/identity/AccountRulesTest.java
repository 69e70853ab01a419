package al.tirana.councilline.identity;

import al.tirana.councilline.shared.Actor;
import al.tirana.councilline.shared.Role;
import al.tirana.councilline.platform.domain.DomainException;
import al.tirana.councilline.platform.http.ApiException;
import al.tirana.councilline.identity.AccountCommand.ChangePassword;
import al.tirana.councilline.identity.AccountCommand.DeactivateAccount;
import al.tirana.councilline.identity.AccountCommand.ReactivateAccount;
import al.tirana.councilline.identity.AccountEvent.AccountCreated;
import al.tirana.councilline.identity.AccountEvent.AccountDeactivated;
import al.tirana.councilline.identity.AccountEvent.AccountReactivated;
import al.tirana.councilline.identity.AccountEvent.PasswordChanged;
import java.time.Instant;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.ResultValidator;
import org.hamcrest.CustomTypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("An account")
class AccountRulesTest {

  private static final Actor ADMIN = new Actor("admin", Role.ADMIN);
  private static final Instant CREATED = Instant.parse("2026-12-01T08:00:00Z");

  private AggregateTestFixture<Account> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Account.class);
    fixture.registerInjectableResource((Credentials) (username, hash) -> { });
  }

  private AccountCreated created() {
    return new AccountCreated("desk.nine", Role.STAFF, null, ADMIN, CREATED);
  }

  @Test
  @DisplayName("that was deactivated is made active again, and may then change its password")
  void reactivated() {
    fixture.given(created(), new AccountDeactivated("desk.nine", ADMIN, CREATED))
        .when(new ReactivateAccount("desk.nine", ADMIN))
        .expectEvents(new AccountReactivated("desk.nine", ADMIN, fixture.currentTime()));
    fixture.given(created(), new AccountDeactivated("desk.nine", ADMIN, CREATED),
            new AccountReactivated("desk.nine", ADMIN, CREATED))
        .when(new ChangePassword("desk.nine", "new-hash", new Actor("desk.nine", Role.STAFF)))
        .expectEvents(new PasswordChanged("desk.nine", new Actor("desk.nine", Role.STAFF), fixture.currentTime()));
  }

  @Test
  @DisplayName("that is active is not reactivated, and one deactivated is not deactivated twice")
  void onlyFromTheOtherState() {
    refused(fixture.given(created()).when(new ReactivateAccount("desk.nine", ADMIN)), "ACCOUNT_ACTIVE");
    refused(fixture.given(created(), new AccountDeactivated("desk.nine", ADMIN, CREATED))
        .when(new DeactivateAccount("desk.nine", ADMIN)), "ACCOUNT_INACTIVE");
    refused(fixture.given(created(), new AccountDeactivated("desk.nine", ADMIN, CREATED))
        .when(new ChangePassword("desk.nine", "new-hash", ADMIN)), "ACCOUNT_INACTIVE");
  }

  private static void refused(ResultValidator<Account> result, String code) {
    result.expectNoEvents().expectException(new CustomTypeSafeMatcher<DomainException>("DomainException " + code) {
      @Override
      protected boolean matchesSafely(DomainException ex) {
        return ApiException.of(ex).status() == 409 && ex.code().equals(code);
      }
    });
  }
}
