package al.tirana.councilline.request;

import al.tirana.councilline.shared.Addressee;
import al.tirana.councilline.shared.AddresseeDirectory;
import al.tirana.councilline.shared.Category;
import al.tirana.councilline.shared.Channel;
import al.tirana.councilline.shared.Priority;
import static org.hamcrest.Matchers.instanceOf;

import al.tirana.councilline.shared.Actor;
import al.tirana.councilline.shared.Role;
import al.tirana.councilline.request.RequestCommand.AnswerInformationRequest;
import al.tirana.councilline.request.RequestCommand.ExtendDeadline;
import al.tirana.councilline.request.RequestCommand.RequestCitizenInformation;
import al.tirana.councilline.request.RequestCommand.RespondToRequest;
import al.tirana.councilline.request.RequestCommand.ResumeSlaClock;
import al.tirana.councilline.request.RequestCommand.SubmitRequest;
import al.tirana.councilline.request.RequestEvent.BreachEscalated;
import al.tirana.councilline.request.RequestEvent.CitizenAnswered;
import al.tirana.councilline.request.RequestEvent.DeadlineExtended;
import al.tirana.councilline.request.RequestEvent.SlaBreached;
import al.tirana.councilline.request.RequestEvent.SlaClockStarted;
import al.tirana.councilline.request.RequestEvent.SlaWarningIssued;
import al.tirana.councilline.sla.Escalation;
import al.tirana.councilline.sla.SlaCalendar;
import al.tirana.councilline.sla.SlaMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.messaging.Message;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.matchers.Matchers;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A request's response clock")
class SlaDeadlinesTest {

  private static final String NUMBER = "TR-2026-000042";
  private static final Instant T0 = Instant.parse("2026-11-02T08:00:00Z");
  private static final Actor STAFF = new Actor("desk-7", Role.STAFF);
  private static final Addressee YOUTH = Addressee.commission("youth");

  private AggregateTestFixture<CitizenRequest> fixture;

  private final List<String> receipts = new java.util.ArrayList<>();

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(CitizenRequest.class);
    fixture.registerInjectableResource((TrackingNumbers) at -> NUMBER);
    fixture.registerInjectableResource(new PersonalDataVault() {
      @Override
      public SealedPersonalData seal(PersonalData data) {
        return new SealedPersonalData("c-1", "sealed");
      }

      @Override
      public SealedPersonalData sealFor(String citizenId, String text) {
        return new SealedPersonalData(citizenId, "sealed-answer");
      }

      @Override
      public boolean erase(String citizenId) {
        return true;
      }

      @Override
      public String accessCodeDigest(String accessCode) {
        return "digest";
      }
    });
    fixture.registerInjectableResource((AddresseeDirectory) a -> Optional.of(true));
    fixture.registerInjectableResource(new SlaCalendar(Duration.ofDays(3), Duration.ofDays(15), SlaMode.CALENDAR,
        0.33, (from, to) -> Map.of()));
    fixture.registerInjectableResource((SubmissionReceipts) (number, citizenId, code, language) -> receipts.add(number));
    fixture.registerInjectableResource(new Escalation("sekretaria@tirana.al"));
  }

  private static SubmitRequest urgent() {
    return new SubmitRequest(Kind.REQUEST, Priority.URGENT, Category.YOUTH, YOUTH,
        new PersonalData("Elira", "Kolaj", null, "elira@example.al", null, "Subject", "Body"), "CODE12345678", "sq",
        null, new Actor("anonymous", Role.CITIZEN), Channel.WEB, null);
  }

  @SafeVarargs
  private static Matcher<List<Message<?>>> exactly(Class<?>... types) {
    return Matchers.payloadsMatching(Matchers.exactSequenceOf(
        Arrays.stream(types).map(t -> instanceOf(t)).toArray(Matcher[]::new)));
  }

  @Test
  @DisplayName("starts at submission with a warning and a breach timer")
  void scheduled() {
    fixture.givenCurrentTime(T0)
        .when(urgent())
        .expectScheduledDeadlineWithName(Duration.ofDays(3), CitizenRequest.BREACH)
        .expectScheduledDeadlineWithName(Duration.ofDays(3).minus(Duration.ofMillis(
            (long) (Duration.ofDays(3).toMillis() * 0.33))), CitizenRequest.WARNING);
  }

  @Test
  @DisplayName("warns when a third of the window remains")
  void warning() {
    fixture.givenCurrentTime(T0)
        .andGivenCommands(urgent())
        .whenTimeElapses(Duration.ofDays(2).plusHours(1))
        .expectDeadlinesMet(new SlaTimer(NUMBER, T0.plus(Duration.ofDays(3))))
        .expectEventsMatching(exactly(SlaWarningIssued.class));
  }

  @Test
  @DisplayName("breaches at the due instant and escalates to the secretariat")
  void breach() {
    fixture.givenCurrentTime(T0)
        .andGivenCommands(urgent())
        .whenTimeElapses(Duration.ofDays(3).plusSeconds(1))
        .expectEventsMatching(exactly(SlaWarningIssued.class, SlaBreached.class, BreachEscalated.class))
        .expectNoScheduledDeadlines();
  }

  @Test
  @DisplayName("is stopped by a response: its timers are cancelled and nothing fires")
  void responseCancels() {
    fixture.givenCurrentTime(T0)
        .andGivenCommands(urgent(), new RespondToRequest(NUMBER, "We are on it", STAFF, Channel.WEB))
        .whenTimeElapses(Duration.ofDays(30))
        .expectNoEvents()
        .expectNoScheduledDeadlines();
  }

  @Test
  @DisplayName("pauses while the citizen is asked for information and resumes with the time that was left")
  void pauseAndResume() {
    Instant due = T0.plus(Duration.ofDays(3));
    fixture.given(
            new RequestEvent.RequestSubmitted(NUMBER, Kind.REQUEST, Priority.URGENT, Category.YOUTH, YOUTH,
                new SealedPersonalData("c-1", "sealed"), "digest", "sq", null, due, Actor.citizen("c-1"), T0,
                Channel.WEB, null),
            new SlaClockStarted(NUMBER, due, due.minus(Duration.ofHours(24)), "CALENDAR", List.of(), "SUBMITTED",
                "w-1", "b-1", Actor.citizen("c-1"), T0, Channel.WEB),
            // asked one day in: two days were left when the clock stopped
            new RequestEvent.CitizenInformationRequested(NUMBER, "Which building?", Duration.ofDays(2), STAFF,
                T0.plus(Duration.ofDays(1)), Channel.WEB))
        .andGivenCurrentTime(T0.plus(Duration.ofDays(11)))
        .when(new AnswerInformationRequest(NUMBER, "Building 7", new Actor("c-1", Role.CITIZEN), Channel.WEB))
        .expectEventsMatching(exactly(CitizenAnswered.class, SlaClockStarted.class))
        .expectScheduledDeadlineWithName(Duration.ofDays(2), CitizenRequest.BREACH);
  }

  @Test
  @DisplayName("does not breach while paused")
  void noBreachWhilePaused() {
    fixture.givenCurrentTime(T0)
        .andGivenCommands(urgent(), new RequestCitizenInformation(NUMBER, "Which building?", STAFF, Channel.WEB))
        .whenTimeElapses(Duration.ofDays(20))
        .expectNoEvents();
  }

  @Test
  @DisplayName("staff can resume a paused clock without waiting for the citizen")
  void staffResume() {
    fixture.givenCurrentTime(T0)
        .andGivenCommands(urgent(), new RequestCitizenInformation(NUMBER, "Which building?", STAFF, Channel.WEB),
            new ResumeSlaClock(NUMBER, STAFF, Channel.WEB))
        .whenTimeElapses(Duration.ofDays(3).plusSeconds(1))
        .expectEventsMatching(exactly(SlaWarningIssued.class, SlaBreached.class, BreachEscalated.class));
  }

  @Test
  @DisplayName("is extended to a later date with a public reason, and then breaches only at the new date")
  void extension() {
    Instant newDue = T0.plus(Duration.ofDays(10));
    fixture.givenCurrentTime(T0)
        .andGivenCommands(urgent())
        .when(new ExtendDeadline(NUMBER, newDue, "Awaiting the cadastre's survey", STAFF, Channel.WEB))
        .expectEventsMatching(exactly(DeadlineExtended.class, SlaClockStarted.class))
        .expectScheduledDeadlineWithName(Duration.ofDays(10), CitizenRequest.BREACH);
  }

  @Test
  @DisplayName("once extended, does not breach at the original due date")
  void extendedDoesNotBreachEarly() {
    Instant newDue = T0.plus(Duration.ofDays(10));
    fixture.givenCurrentTime(T0)
        .andGivenCommands(urgent(), new ExtendDeadline(NUMBER, newDue, "Survey", STAFF, Channel.WEB))
        .whenTimeElapses(Duration.ofDays(4))
        .expectNoEvents();
  }

  @Test
  @DisplayName("refuses an extension that is not later than the current due date")
  void extensionMustBeLater() {
    fixture.givenCurrentTime(T0)
        .andGivenCommands(urgent())
        .when(new ExtendDeadline(NUMBER, T0.plus(Duration.ofDays(1)), "Sooner", STAFF, Channel.WEB))
        .expectNoEvents()
        .expectException(al.tirana.councilline.platform.domain.DomainException.class);
  }
}
