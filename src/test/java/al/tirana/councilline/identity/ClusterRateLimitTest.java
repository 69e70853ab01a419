package al.tirana.councilline.identity;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two nodes on one database, behind a trusted proxy so that each test speaks as clients of its own (X-Forwarded-For):
 * the limits are the cluster's, not each node's.
 */
@StartedApp(settings = {"TRUSTED_PROXIES=127.0.0.1, ::1", "RATE_LIMIT_SUBMIT_PER_MINUTE=5",
    "RATE_LIMIT_SUBMIT_TOTAL_PER_MINUTE=12", "RATE_LIMIT_ACCESS_CODE_PER_MINUTE=10", "LOCKOUT_THRESHOLD=3"})
@DisplayName("Rate limits on a cluster of two nodes")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterRateLimitTest {

  /** The overall limit is used up last: the other tests submit too, within the same minute. */
  private static final int LAST = Integer.MAX_VALUE;

  @StartedApp.Node
  private static TestApp nodeA;
  /** The second node, on node A's database with the same settings. */
  @StartedApp.Peer
  private static TestApp nodeB;
  @StartedApp.Admin
  private static String admin;
  @StartedApp.Commission("Youth Commission")
  private static String commission;

  private static HttpResponse<Buffer> submitFrom(TestApp node, String client) {
    return node.send(node.client().post("/api/requests").putHeader("X-Forwarded-For", client), null,
        TestApp.submission("COMMISSION", commission));
  }

  private static HttpResponse<Buffer> withCode(TestApp node, HttpMethod method, String path, String client,
                                               String code, JsonObject body) {
    return node.send(node.client().request(method, path).putHeader("X-Forwarded-For", client)
        .putHeader("X-Access-Code", code), null, body);
  }

  private static void assertLimited(HttpResponse<Buffer> response, String what) {
    assertThat(response.statusCode()).as(what + ": " + response.bodyAsString()).isEqualTo(429);
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("RATE_LIMITED");
    assertThat(Long.parseLong(response.getHeader("Retry-After"))).as(what).isBetween(1L, 120L);
  }

  @Test
  @Order(1)
  @DisplayName("with a limit of 5 a minute, the 6th submission from one client is refused on whichever node it reaches")
  void submissionsPerClient() throws Exception {
    String client = "198.51.100.10";
    long before = nodeA.eventCount();
    for (int i = 0; i < 5; i++) {
      TestApp node = i % 2 == 0 ? nodeA : nodeB;
      assertThat(submitFrom(node, client).statusCode()).as("submission " + (i + 1)).isEqualTo(201);
    }
    assertLimited(submitFrom(nodeA, client), "the 6th on node A");
    assertLimited(submitFrom(nodeB, client), "the 6th again, on node B");
    assertThat(nodeA.eventCount() - before).as("5 submissions, 2 events each").isEqualTo(10);
    assertThat(submitFrom(nodeB, "198.51.100.11").statusCode()).as("another client has a limit of its own")
        .isEqualTo(201);
  }

  @Test
  @Order(LAST)
  @DisplayName("the overall limit counts every node's submissions together, and refused clients do not use it up")
  void submissionsOverall() throws Exception {
    String overall = "SELECT coalesce(sum(n), 0) FROM rate_limit_window WHERE key = 'submit:*'";
    long before = nodeA.count(overall);
    for (int i = 0; i < 5; i++) {
      assertLimited(submitFrom(i % 2 == 0 ? nodeA : nodeB, "198.51.100.10"), "a client already at its limit");
    }
    assertThat(nodeA.count(overall)).as("refused clients leave the overall allowance alone").isEqualTo(before);

    // new clients, alternately on each node, until the cluster's 12 a minute (some used by the other tests) are used
    int accepted = 0;
    HttpResponse<Buffer> response = null;
    for (int client = 30; client < 54; client++) {
      response = submitFrom(client % 2 == 0 ? nodeA : nodeB, "198.51.100." + client);
      if (response.statusCode() != 201) {
        break;
      }
      accepted++;
    }
    assertLimited(response, "a new client once the cluster's total is used up");
    assertThat(accepted).as("at most 12 for both nodes together (12 on each would let all 24 through)")
        .isLessThanOrEqualTo(12);
  }

  @Test
  @DisplayName("a retry with the same Idempotency-Key gets the first answer on either node without counting again")
  void retriesDoNotCount() throws Exception {
    String client = "198.51.100.77";
    String key = java.util.UUID.randomUUID().toString();
    JsonObject body = TestApp.submission("COMMISSION", commission);
    HttpResponse<Buffer> first = nodeA.send(nodeA.client().post("/api/requests").putHeader("X-Forwarded-For", client)
        .putHeader("Idempotency-Key", key), null, body);
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(201);
    for (int i = 0; i < 7; i++) {
      TestApp node = i % 2 == 0 ? nodeB : nodeA;
      HttpResponse<Buffer> retry = node.send(node.client().post("/api/requests").putHeader("X-Forwarded-For", client)
          .putHeader("Idempotency-Key", key), null, body);
      assertThat(retry.statusCode()).as("retry " + (i + 1) + ", beyond the limit of 5: " + retry.bodyAsString())
          .isEqualTo(201);
      assertThat(retry.getHeader("Idempotent-Replayed")).isEqualTo("true");
      assertThat(retry.bodyAsJsonObject().getString("number")).isEqualTo(first.bodyAsJsonObject().getString("number"));
    }
    assertThat(nodeA.count("SELECT coalesce(sum(n), 0) FROM rate_limit_window WHERE key = ?", "submit:" + client))
        .as("only the first submission counted").isEqualTo(1);
  }

  @Test
  @DisplayName("the 11th wrong access code within a minute gets 429 on either node, per number and per client")
  void accessCodeGuessing() {
    JsonObject guessed = nodeA.submit(TestApp.submission("COMMISSION", commission));
    String path = "/api/requests/" + guessed.getString("number");
    String guesser = "203.0.113.5";
    for (int i = 0; i < 10; i++) {
      TestApp node = i % 2 == 0 ? nodeA : nodeB;
      HttpResponse<Buffer> wrong = switch (i % 3) {
        case 0 -> withCode(node, HttpMethod.GET, path, guesser, "WRONG" + i, null);
        case 1 -> withCode(node, HttpMethod.POST, path + "/withdraw", guesser, "WRONG" + i, null);
        default -> withCode(node, HttpMethod.POST, path + "/rating", guesser, "WRONG" + i,
            new JsonObject().put("score", 5));
      };
      assertThat(wrong.statusCode()).as("wrong code " + (i + 1) + ": " + wrong.bodyAsString()).isEqualTo(403);
    }
    assertLimited(withCode(nodeA, HttpMethod.GET, path, guesser, "WRONG10", null), "the 11th on node A");
    assertLimited(withCode(nodeB, HttpMethod.POST, path + "/answer", guesser, "WRONG11",
        new JsonObject().put("message", "guess")), "the 11th again, on node B");
    assertLimited(withCode(nodeB, HttpMethod.GET, path, "203.0.113.6", guessed.getString("accessCode"), null),
        "even the right code, from anyone, while this number is being guessed");

    // the guesser is also held back on numbers nobody guessed before
    JsonObject other = nodeB.submit(TestApp.submission("COMMISSION", commission));
    String otherPath = "/api/requests/" + other.getString("number");
    assertLimited(withCode(nodeB, HttpMethod.GET, otherPath, guesser, "WRONG12", null),
        "the same client on another number");
    HttpResponse<Buffer> citizen = withCode(nodeA, HttpMethod.GET, otherPath, "203.0.113.7",
        other.getString("accessCode"), null);
    assertThat(citizen.statusCode()).as("the citizen of another number is not affected").isEqualTo(200);
    assertThat(citizen.bodyAsJsonObject().getJsonObject("citizen")).isNotNull();
  }

  @Test
  @DisplayName("wrong access codes sent all at once to both nodes are each counted: at most 10 are compared")
  void parallelGuessing() {
    JsonObject guessed = nodeB.submit(TestApp.submission("COMMISSION", commission));
    String path = "/api/requests/" + guessed.getString("number");
    String guesser = "203.0.113.50";
    List<Future<HttpResponse<Buffer>>> guesses = IntStream.range(0, 30).mapToObj(i -> {
      TestApp node = i % 2 == 0 ? nodeA : nodeB;
      return node.client().get(path).putHeader("X-Forwarded-For", guesser).putHeader("X-Access-Code", "WRONG" + i)
          .send();
    }).toList();
    Future.all(guesses).await();
    Map<Integer, Long> statuses = guesses.stream()
        .collect(Collectors.groupingBy(guess -> guess.result().statusCode(), Collectors.counting()));
    assertThat(statuses.keySet()).as(statuses.toString()).isSubsetOf(403, 429);
    assertThat(statuses.getOrDefault(403, 0L)).as("compared and refused: " + statuses).isBetween(1L, 10L);
  }

  @Test
  @DisplayName("a stranger's wrong passwords are held back with 429 yet do not stop the counselor logging in elsewhere")
  void strangerCannotLockOut() throws Exception {
    String counselorId = nodeA.createCounselor(admin, "Arta Hoxha", "arta.hoxha@tirana.al", commission);
    nodeA.createUser(admin, "arta", "COUNSELOR", counselorId);
    JsonObject wrong = new JsonObject().put("username", "arta").put("password", "not-her-password");
    JsonObject right = new JsonObject().put("username", "arta").put("password", "password-of-arta");
    String stranger = "192.0.2.66";

    int unauthorized = 0;
    int limited = 0;
    for (int i = 0; i < 12; i++) {
      TestApp node = i % 2 == 0 ? nodeA : nodeB;
      HttpResponse<Buffer> attempt = node.send(node.client().post("/api/auth/login")
          .putHeader("X-Forwarded-For", stranger), null, wrong);
      if (attempt.statusCode() == 401) {
        unauthorized++;
        assertThat(limited).as("no wrong password is checked once the stranger is held back").isZero();
      } else {
        assertLimited(attempt, "wrong password " + (i + 1));
        limited++;
      }
    }
    assertThat(unauthorized).as("LOCKOUT_THRESHOLD failures, then held back on both nodes").isEqualTo(3);
    HttpResponse<Buffer> guessedRight = nodeB.send(nodeB.client().post("/api/auth/login")
        .putHeader("X-Forwarded-For", stranger), null, right);
    assertLimited(guessedRight, "even the right password from the stranger's address");

    for (TestApp node : new TestApp[] {nodeA, nodeB}) {
      HttpResponse<Buffer> counselor = node.send(node.client().post("/api/auth/login")
          .putHeader("X-Forwarded-For", "192.0.2.10"), null, right);
      assertThat(counselor.statusCode()).as("the counselor from her own address: " + counselor.bodyAsString())
          .isEqualTo(200);
      assertThat(node.get("/api/inbox", counselor.bodyAsJsonObject().getString("token")).statusCode())
          .isEqualTo(200);
    }
    assertThat(nodeA.count("SELECT count(*) FROM security_event WHERE username = 'arta' AND kind = 'LOGIN_THROTTLED' "
        + "AND address = ?", stranger)).isEqualTo(1);

    // a stranger on IPv6 is held back in its whole /64, where it could pick a new address for every guess (four
    // attempts: under the login rate limit of ten a minute, so the 429 is the throttle's)
    for (int i = 1; i <= 3; i++) {
      HttpResponse<Buffer> attempt = nodeA.send(nodeA.client().post("/api/auth/login")
          .putHeader("X-Forwarded-For", "2001:db8:66:1::" + i), null, wrong);
      assertThat(attempt.statusCode()).as("wrong password from the address ending " + i).isEqualTo(401);
    }
    assertLimited(nodeB.send(nodeB.client().post("/api/auth/login")
        .putHeader("X-Forwarded-For", "2001:db8:66:1:ffff::9"), null, right), "another address of the same /64");
    assertThat(nodeA.count("SELECT count(*) FROM security_event WHERE username = 'arta' AND kind = 'LOGIN_FAILED' "
        + "AND address = ?", "2001:db8:66:1::2")).as("the security log keeps the address itself").isEqualTo(1);
  }
}
