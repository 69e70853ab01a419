package al.tirana.councilline.platform.axon;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.feed.FeedProjection;
import al.tirana.councilline.support.Await;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Two nodes in one JVM")
class TokenClaimsTest {

  @Test
  @DisplayName("claim the processors' tokens under names of their own: the second takes over what the first let go, "
      + "rather than both taking each other's claims for their own")
  void claimsOfTheirOwn(Vertx vertx) throws Exception {
    TestApp first = TestApp.onFreshDatabase(vertx);
    String firstOwner;
    TestApp second;
    try {
      Await.until("the first node claims the feed", () -> owner(first) != null);
      firstOwner = owner(first);
      second = TestApp.onDatabase(vertx, first.databaseUrl());
    } finally {
      first.close();
    }
    try (second) {
      // a claim with the first node's name would be the second's own as well: it would never have to take it over
      Await.until("the second node claims the feed under its own name", () -> {
        String owner = owner(second);
        return owner != null && !owner.equals(firstOwner);
      });
      assertThat(owner(second)).as("the second node's name for its claims").isNotEqualTo(firstOwner)
          .startsWith(firstOwner.split("#")[0] + "#");
    }
  }

  private static String owner(TestApp app) throws Exception {
    try (Connection c = app.jdbc();
         PreparedStatement st = c.prepareStatement("SELECT owner FROM token_entry WHERE processor_name = ?")) {
      // the feed: a projection every node runs, claimed by one of them at a time
      st.setString(1, FeedProjection.NAME);
      try (ResultSet rows = st.executeQuery()) {
        return rows.next() ? rows.getString(1) : null;
      }
    }
  }
}
