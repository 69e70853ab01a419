package al.tirana.councilline.request;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** One command worker, so that submissions sent together must wait for it and are committed in groups. */
@StartedApp(settings = "SUBMISSION_THREADS=1")
@DisplayName("Submissions that wait for a command worker")
class GroupCommitTest {

  private static final int SUBMISSIONS = 30;
  private static final int BAD = 17;

  @StartedApp.Node
  private static TestApp app;
  @StartedApp.Commission("Urban Planning Commission")
  private static String commission;

  @Test
  @DisplayName("share transactions, and one that breaks a rule fails alone while every other one is stored once")
  void badSubmissionFailsAlone() throws Exception {
    long eventsBefore = submittedEvents();
    long keysBefore = app.count("SELECT count(*) FROM citizen_data_key");
    long mailsBefore = app.count("SELECT count(*) FROM mail_outbox WHERE template = 'ACKNOWLEDGEMENT'");
    long transactionsBefore = transactionsThatSubmitted();
    long timersBefore = app.count("SELECT count(*) FROM scheduled_tasks");
    List<Future<HttpResponse<Buffer>>> inFlight = IntStream.range(0, SUBMISSIONS)
        .mapToObj(i -> app.sendAsync(app.client().post("/api/requests"), null,
            TestApp.submission("COMMISSION", i == BAD ? "no-such-commission" : commission)))
        .toList();
    Future.join(inFlight).await();

    HttpResponse<Buffer> bad = inFlight.get(BAD).result();
    assertThat(bad.statusCode()).as(bad.bodyAsString()).isEqualTo(422);
    assertThat(bad.bodyAsJsonObject().getString("error")).isEqualTo("UNKNOWN_COMMISSION");
    List<String> numbers = inFlight.stream().filter(f -> f != inFlight.get(BAD)).map(Future::result)
        .peek(r -> assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201))
        .map(r -> r.bodyAsJsonObject().getString("number")).toList();
    assertThat(numbers).doesNotHaveDuplicates().hasSize(SUBMISSIONS - 1);

    assertThat(submittedEvents()).as("the bad submission stored no event, the others one each")
        .isEqualTo(eventsBefore + SUBMISSIONS - 1);
    assertThat(app.count("SELECT count(*) FROM citizen_data_key"))
        .as("a rolled-back group leaves no key behind").isEqualTo(keysBefore + SUBMISSIONS - 1);
    assertThat(app.count("SELECT count(*) FROM mail_outbox WHERE template = 'ACKNOWLEDGEMENT'"))
        .as("one acknowledgement each, none for the bad one").isEqualTo(mailsBefore + SUBMISSIONS - 1);
    assertThat(app.count("SELECT count(*) FROM scheduled_tasks"))
        .as("a warning and a breach timer each").isEqualTo(timersBefore + 2 * (SUBMISSIONS - 1));
    assertThat(transactionsThatSubmitted() - transactionsBefore)
        .as("transactions that stored the submissions").isLessThan(SUBMISSIONS - 1);
  }

  @Test
  @DisplayName("are each answered with their own request")
  void eachGetsItsOwnAnswer() throws Exception {
    List<String> subjects = IntStream.range(0, 10).mapToObj(i -> "Subject number " + i).toList();
    List<Future<HttpResponse<Buffer>>> inFlight = subjects.stream()
        .map(subject -> app.sendAsync(app.client().post("/api/requests"), null,
            TestApp.submission("COMMISSION", commission).put("subject", subject)))
        .toList();
    Future.all(inFlight).await();

    for (int i = 0; i < subjects.size(); i++) {
      JsonObject answer = inFlight.get(i).result().bodyAsJsonObject();
      JsonObject tracked = app.send(app.client().get("/api/requests/" + answer.getString("number"))
          .putHeader("X-Access-Code", answer.getString("accessCode")), null, null).bodyAsJsonObject();
      assertThat(tracked.getString("subject")).as(tracked.encode()).isEqualTo(subjects.get(i));
    }
  }

  private static long submittedEvents() throws Exception {
    return app.count("SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%RequestSubmitted'");
  }

  private static long transactionsThatSubmitted() throws Exception {
    return app.count("SELECT count(DISTINCT xmin::text) FROM domain_event_entry "
        + "WHERE payload_type LIKE '%RequestSubmitted'");
  }
}
