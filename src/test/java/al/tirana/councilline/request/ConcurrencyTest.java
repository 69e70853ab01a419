package al.tirana.councilline.request;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@StartedApp
@DisplayName("Under concurrent load")
class ConcurrencyTest {

  @StartedApp.Node
  private static TestApp app;
  @StartedApp.Admin
  private static String admin;
  @StartedApp.Commission("Social Housing Commission")
  private static String commission;

  @Test
  @DisplayName("200 parallel submissions get 200 distinct, sequential numbers and 200 RequestSubmitted events")
  void parallelSubmissions() throws Exception {
    long before = app.count("SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%RequestSubmitted'");
    List<Future<HttpResponse<Buffer>>> inFlight = IntStream.range(0, 200)
        .mapToObj(i -> app.sendAsync(app.client().post("/api/requests"), null,
            TestApp.submission("COMMISSION", commission)))
        .toList();
    List<HttpResponse<Buffer>> responses = new ArrayList<>();
    Future.all(inFlight).await();
    inFlight.forEach(f -> responses.add(f.result()));

    assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201));
    Set<String> numbers = responses.stream().map(r -> r.bodyAsJsonObject().getString("number"))
        .collect(Collectors.toSet());
    assertThat(numbers).hasSize(200);
    Set<Integer> sequence = numbers.stream().map(n -> Integer.parseInt(n.substring(n.lastIndexOf('-') + 1)))
        .collect(Collectors.toSet());
    int first = sequence.stream().min(Integer::compare).orElseThrow();
    assertThat(sequence).as("one unbroken run of numbers")
        .isEqualTo(IntStream.range(first, first + 200).boxed().collect(Collectors.toSet()));
    assertThat(app.count("SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%RequestSubmitted'"))
        .isEqualTo(before + 200);
    assertThat(app.count("SELECT count(DISTINCT aggregate_identifier) FROM domain_event_entry "
        + "WHERE payload_type LIKE '%RequestSubmitted'")).isEqualTo(before + 200);
  }

  @Test
  @DisplayName("of 20 simultaneous withdrawals of one request exactly one succeeds and the rest get 409")
  void conflictingCommands() throws Exception {
    JsonObject submitted = app.submit(TestApp.submission("COMMISSION", commission));
    String number = submitted.getString("number");
    List<Future<HttpResponse<Buffer>>> inFlight = IntStream.range(0, 20)
        .mapToObj(i -> app.sendAsync(app.client().post("/api/requests/" + number + "/withdraw")
            .putHeader("X-Access-Code", submitted.getString("accessCode")), null, null))
        .toList();
    Future.join(inFlight).await();

    List<Integer> statuses = inFlight.stream().map(f -> f.result().statusCode()).toList();
    assertThat(statuses).containsOnly(200, 409);
    assertThat(statuses.stream().filter(s -> s == 200)).hasSize(1);
    inFlight.stream().map(Future::result).filter(r -> r.statusCode() == 409)
        .forEach(r -> assertThat(r.bodyAsJsonObject().getString("error"))
            .isIn("CONCURRENT_MODIFICATION", "ILLEGAL_TRANSITION"));
    assertThat(app.count("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? "
        + "AND payload_type LIKE '%RequestWithdrawn'", number)).isEqualTo(1);
  }

  @Test
  @DisplayName("two staff reassigning one request at the same instant: one wins, the other is told to reload (409)")
  void optimisticConcurrency() throws Exception {
    String first = app.createCounselor(admin, "Ilir Shehu", "ilir.shehu@tirana.al", commission);
    String second = app.createCounselor(admin, "Mira Gjoka", "mira.gjoka@tirana.al", commission);
    int conflicts = 0;
    for (int round = 0; round < 20 && conflicts == 0; round++) {
      String number = app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
      Future<HttpResponse<Buffer>> a = app.sendAsync(app.client().post("/api/requests/" + number + "/assign"), admin,
          new JsonObject().put("counselorId", first));
      Future<HttpResponse<Buffer>> b = app.sendAsync(app.client().post("/api/requests/" + number + "/assign"), admin,
          new JsonObject().put("counselorId", second));
      Future.join(a, b).await();
      List<Integer> statuses = List.of(a.result().statusCode(), b.result().statusCode());
      assertThat(statuses).contains(200).isSubsetOf(200, 409);
      long assignments = app.count("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? "
          + "AND (payload_type LIKE '%RequestAssigned' OR payload_type LIKE '%RequestReassigned')", number);
      assertThat(assignments).isEqualTo(statuses.stream().filter(s -> s == 200).count());
      if (statuses.contains(409)) {
        conflicts++;
        HttpResponse<Buffer> loser = a.result().statusCode() == 409 ? a.result() : b.result();
        assertThat(loser.bodyAsJsonObject().getString("error")).isEqualTo("CONCURRENT_MODIFICATION");
      }
    }
    assertThat(conflicts).as("at least one round raced into a conflict").isPositive();
  }

  @Test
  @DisplayName("a priority change that loses a race leaves no SLA timer behind: timers commit with their events")
  void losingCommandLeavesNoTimer() throws Exception {
    int conflicts = 0;
    for (int round = 0; round < 20 && conflicts < 2; round++) {
      long timersBefore = app.count("SELECT count(*) FROM scheduled_tasks");
      String number = app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
      JsonObject normal = new JsonObject().put("priority", "NORMAL");
      Future<HttpResponse<Buffer>> a = app.sendAsync(app.client().post("/api/requests/" + number + "/priority"),
          admin, normal);
      Future<HttpResponse<Buffer>> b = app.sendAsync(app.client().post("/api/requests/" + number + "/priority"),
          admin, normal);
      Future.join(a, b).await();
      List<HttpResponse<Buffer>> answers = List.of(a.result(), b.result());
      assertThat(answers).as(answers.get(0).bodyAsString() + " / " + answers.get(1).bodyAsString())
          .extracting(HttpResponse::statusCode).containsOnlyOnce(200).isSubsetOf(200, 409);
      conflicts += answers.stream().filter(r -> r.statusCode() == 409
          && "CONCURRENT_MODIFICATION".equals(r.bodyAsJsonObject().getString("error"))).count();
      // the winner replaced the submission's warning and breach timers with two new ones; the loser added none
      assertThat(app.count("SELECT count(*) FROM scheduled_tasks")).as("timers after round " + round)
          .isEqualTo(timersBefore + 2);
    }
    assertThat(conflicts).as("rounds that raced into a conflict").isPositive();
  }
}
