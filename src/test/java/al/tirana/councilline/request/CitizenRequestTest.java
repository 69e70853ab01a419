package al.tirana.councilline.request;

import al.tirana.councilline.shared.Status;
import al.tirana.councilline.shared.Addressee;
import al.tirana.councilline.shared.AddresseeDirectory;
import al.tirana.councilline.shared.Category;
import al.tirana.councilline.shared.Channel;
import al.tirana.councilline.shared.Priority;
import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.listWithAnyOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.axonframework.test.matchers.Matchers.predicate;

import al.tirana.councilline.platform.domain.DomainException;
import al.tirana.councilline.platform.http.ApiException;
import al.tirana.councilline.shared.Actor;
import al.tirana.councilline.shared.Role;
import al.tirana.councilline.request.RequestCommand.AcknowledgeRequest;
import al.tirana.councilline.request.RequestCommand.AddInternalNote;
import al.tirana.councilline.request.RequestCommand.AssignRequest;
import al.tirana.councilline.request.RequestCommand.ChangePriority;
import al.tirana.councilline.request.RequestCommand.CloseRequest;
import al.tirana.councilline.request.RequestCommand.InviteCitizenToMeeting;
import al.tirana.councilline.request.RequestCommand.ReferRequestToDepartment;
import al.tirana.councilline.request.RequestCommand.RejectRequest;
import al.tirana.councilline.request.RequestCommand.ReopenRequest;
import al.tirana.councilline.request.RequestCommand.ResolveRequest;
import al.tirana.councilline.request.RequestCommand.RespondToRequest;
import al.tirana.councilline.request.RequestCommand.SubmitRequest;
import al.tirana.councilline.request.RequestCommand.WithdrawRequest;
import al.tirana.councilline.request.RequestEvent.CitizenInvitedToMeeting;
import al.tirana.councilline.request.RequestEvent.InternalNoteAdded;
import al.tirana.councilline.request.RequestEvent.PriorityChanged;
import al.tirana.councilline.request.RequestEvent.RequestAcknowledged;
import al.tirana.councilline.request.RequestEvent.RequestAssigned;
import al.tirana.councilline.request.RequestEvent.RequestClosed;
import al.tirana.councilline.request.RequestEvent.RequestReassigned;
import al.tirana.councilline.request.RequestEvent.RequestReferredToDepartment;
import al.tirana.councilline.request.RequestEvent.RequestRejected;
import al.tirana.councilline.request.RequestEvent.RequestReopened;
import al.tirana.councilline.request.RequestEvent.RequestResolved;
import al.tirana.councilline.request.RequestEvent.RequestResponded;
import al.tirana.councilline.request.RequestEvent.RequestSubmitted;
import al.tirana.councilline.request.RequestEvent.RequestWithdrawn;
import al.tirana.councilline.sla.Escalation;
import al.tirana.councilline.sla.SlaCalendar;
import al.tirana.councilline.sla.SlaMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.ResultValidator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("A citizen request")
class CitizenRequestTest {

  private static final String NUMBER = "TR-2026-000001";
  private static final Actor STAFF = new Actor("desk-7", Role.STAFF);
  private static final Actor CITIZEN = Actor.citizen("c-1");
  private static final Addressee ARTA = Addressee.counselor("arta");
  private static final Addressee BESA = Addressee.counselor("besa");
  private static final Addressee RETIRED = Addressee.counselor("retired");
  private static final Addressee YOUTH = Addressee.commission("youth");
  private static final SlaCalendar POLICY = new SlaCalendar(Duration.ofDays(3), Duration.ofDays(15), SlaMode.CALENDAR,
      0.33, (from, to) -> Map.of());

  private AggregateTestFixture<CitizenRequest> fixture;
  private final List<PersonalData> sealedData = new ArrayList<>();

  private final List<String> receipts = new java.util.ArrayList<>();

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(CitizenRequest.class);
    fixture.registerInjectableResource((TrackingNumbers) at -> NUMBER);
    fixture.registerInjectableResource(new PersonalDataVault() {
      @Override
      public SealedPersonalData seal(PersonalData data) {
        sealedData.add(data);
        return new SealedPersonalData("c-1", "sealed:" + sealedData.size());
      }

      @Override
      public SealedPersonalData sealFor(String citizenId, String text) {
        return new SealedPersonalData(citizenId, "sealed-text:" + text.length());
      }

      @Override
      public boolean erase(String citizenId) {
        return true;
      }

      @Override
      public String accessCodeDigest(String accessCode) {
        return "digest-of-" + accessCode;
      }
    });
    Map<Addressee, Boolean> directory = Map.of(ARTA, true, BESA, true, RETIRED, false, YOUTH, true);
    fixture.registerInjectableResource((AddresseeDirectory) a -> Optional.ofNullable(directory.get(a)));
    fixture.registerInjectableResource(POLICY);
    fixture.registerInjectableResource((SubmissionReceipts) (number, citizenId, code, language) -> receipts.add(number));
    fixture.registerInjectableResource(new Escalation("sekretaria@tirana.al"));
  }

  private static SubmitRequest submit(Addressee to, Channel channel, Integer unit) {
    return new SubmitRequest(Kind.REQUEST, Priority.URGENT, Category.YOUTH, to,
        new PersonalData("Elira", "Kolaj", null, "elira@example.al", null, "Youth centre", "Please reopen it"),
        "ACCESS123456", "sq", unit, new Actor("anonymous", Role.CITIZEN), channel, null);
  }

  private RequestSubmitted submitted(Instant at) {
    return new RequestSubmitted(NUMBER, Kind.REQUEST, Priority.URGENT, Category.YOUTH, YOUTH,
        new SealedPersonalData("c-1", "sealed:1"), "digest-of-ACCESS123456", "sq", null, at.plus(Duration.ofDays(3)),
        CITIZEN, at, Channel.WEB, null);
  }

  /** The command was refused by a domain rule with this code, answered with this status, and nothing happened. */
  private static void refused(ResultValidator<CitizenRequest> result, int status, String code) {
    result.expectNoEvents().expectException(new org.hamcrest.CustomTypeSafeMatcher<DomainException>(
        "DomainException " + code + " answered " + status) {
      @Override
      protected boolean matchesSafely(DomainException ex) {
        return ApiException.of(ex).status() == status && ex.code().equals(code);
      }
    });
  }

  /** Collects the published payloads so a test can assert on their content. */
  private static org.hamcrest.Matcher<List<org.axonframework.eventhandling.EventMessage<?>>> capture(
      List<Object> into) {
    return new org.hamcrest.CustomTypeSafeMatcher<>("any events (captured)") {
      @Override
      protected boolean matchesSafely(List<org.axonframework.eventhandling.EventMessage<?>> events) {
        events.forEach(e -> into.add(e.getPayload()));
        return true;
      }
    };
  }

  @Nested
  @DisplayName("when submitted")
  class Submission {

    @Test
    @DisplayName("is numbered, sealed, due after its priority's SLA, records the citizen by reference only, and "
        + "answers with its receipt")
    void submitted() {
      List<Object> published = new ArrayList<>();
      List<Object> result = new ArrayList<>();
      fixture.givenNoPriorActivity()
          .when(submit(YOUTH, Channel.WEB, null))
          .expectSuccessfulHandlerExecution()
          .expectResultMessagePayloadMatching(org.axonframework.test.matchers.Matchers.predicate(result::add))
          .expectEventsMatching(capture(published));
      assertThat(published).hasSize(2);
      RequestSubmitted event = (RequestSubmitted) published.get(0);
      assertThat(published.get(1)).isInstanceOf(RequestEvent.SlaClockStarted.class);
      assertThat(event.number()).isEqualTo(NUMBER);
      // PostgreSQL keeps microseconds: so do the events, so a view's time equals its event's
      assertThat(event.at()).isEqualTo(fixture.currentTime().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
      assertThat(result).containsExactly(new SubmittedRequest(NUMBER, event.at(), event.dueAt()));
      assertThat(event.dueAt()).isEqualTo(event.at().plus(Duration.ofDays(3)));
      assertThat(event.accessCodeHash()).isEqualTo("digest-of-ACCESS123456");
      assertThat(event.by()).isEqualTo(CITIZEN);
      assertThat(event.personalData()).isEqualTo(new SealedPersonalData("c-1", "sealed:1"));
      assertThat(sealedData).extracting(PersonalData::email).containsExactly("elira@example.al");
      assertThat(receipts).as("the citizen gets their number and access code by mail").containsExactly(NUMBER);
    }

    @Test
    @DisplayName("is refused for an unknown counselor")
    void unknownAddressee() {
      refused(fixture.givenNoPriorActivity().when(submit(Addressee.counselor("nobody"), Channel.WEB, null)),
          422, "UNKNOWN_COUNSELOR");
    }

    @Test
    @DisplayName("is refused for an inactive counselor")
    void inactiveAddressee() {
      refused(fixture.givenNoPriorActivity().when(submit(RETIRED, Channel.WEB, null)), 422, "INACTIVE_COUNSELOR");
    }

    @Test
    @DisplayName("at a desk, must name the administrative unit")
    void deskNeedsUnit() {
      refused(fixture.givenNoPriorActivity().when(submit(YOUTH, Channel.DESK, null)), 422, "UNIT_REQUIRED");
    }

    @Test
    @DisplayName("from the web, may name the administrative unit it is about")
    void webMayNameUnit() {
      fixture.givenNoPriorActivity().when(submit(YOUTH, Channel.WEB, 5)).expectSuccessfulHandlerExecution()
          .expectEventsMatching(payloadsMatching(listWithAnyOf(predicate(
              p -> p instanceof RequestSubmitted s && Integer.valueOf(5).equals(s.administrativeUnit())))));
    }
  }

  @Nested
  @DisplayName("in its lifecycle")
  class Lifecycle {

    private final Instant t0 = Instant.parse("2026-11-02T08:00:00Z");

    private List<Object> history(Function<Instant, List<Object>> more) {
      List<Object> events = new ArrayList<>();
      events.add(submitted(t0));
      events.addAll(more.apply(t0));
      return events;
    }

    private Object assigned(Addressee to) {
      return new RequestAssigned(NUMBER, to, STAFF, t0, Channel.WEB);
    }

    private Object responded() {
      return new RequestResponded(NUMBER, "We will", STAFF, t0, Channel.WEB);
    }

    @Test
    @DisplayName("is acknowledged once, and not again")
    void acknowledge() {
      fixture.given(history(t -> List.of())).when(new AcknowledgeRequest(NUMBER, STAFF, Channel.WEB))
          .expectEventsMatching(payloads(RequestAcknowledged.class));
      refused(fixture.given(history(t -> List.of(new RequestAcknowledged(NUMBER, STAFF, t, Channel.WEB))))
          .when(new AcknowledgeRequest(NUMBER, STAFF, Channel.WEB)), 409, "ILLEGAL_TRANSITION");
    }

    @Test
    @DisplayName("is assigned, then reassigned to someone else, but not to the same assignee twice")
    void assignAndReassign() {
      fixture.given(history(t -> List.of())).when(new AssignRequest(NUMBER, ARTA, STAFF, Channel.WEB))
          .expectEventsMatching(payloads(RequestAssigned.class));
      fixture.given(history(t -> List.of(assigned(ARTA)))).when(new AssignRequest(NUMBER, BESA, STAFF, Channel.WEB))
          .expectEvents(new RequestReassigned(NUMBER, ARTA, BESA, STAFF, fixtureNow(), Channel.WEB));
      refused(fixture.given(history(t -> List.of(assigned(ARTA))))
          .when(new AssignRequest(NUMBER, ARTA, STAFF, Channel.WEB)), 409, "ALREADY_ASSIGNED");
    }

    @Test
    @DisplayName("cannot be assigned to an unknown or inactive counselor")
    void assignUnknown() {
      refused(fixture.given(history(t -> List.of()))
          .when(new AssignRequest(NUMBER, Addressee.counselor("ghost"), STAFF, Channel.WEB)), 422, "UNKNOWN_COUNSELOR");
      refused(fixture.given(history(t -> List.of()))
          .when(new AssignRequest(NUMBER, RETIRED, STAFF, Channel.WEB)), 422, "INACTIVE_COUNSELOR");
      refused(fixture.given(history(t -> List.of()))
          .when(new AssignRequest(NUMBER, Addressee.commission("ghost"), STAFF, Channel.WEB)), 422,
          "UNKNOWN_COMMISSION");
    }

    @Test
    @DisplayName("is referred to a department only after triage")
    void refer() {
      refused(fixture.given(history(t -> List.of()))
          .when(new ReferRequestToDepartment(NUMBER, "Urban Planning", null, STAFF, Channel.WEB)), 409,
          "ILLEGAL_TRANSITION");
      fixture.given(history(t -> List.of(assigned(ARTA))))
          .when(new ReferRequestToDepartment(NUMBER, "Urban Planning", "see plan", STAFF, Channel.WEB))
          .expectEventsMatching(payloads(RequestReferredToDepartment.class));
    }

    @Test
    @DisplayName("invites the citizen to a future meeting only")
    void invite() {
      Instant future = fixtureNow().plus(Duration.ofDays(7));
      fixture.given(history(t -> List.of()))
          .when(new InviteCitizenToMeeting(NUMBER, future, "Council hall", STAFF, Channel.WEB))
          .expectEvents(new CitizenInvitedToMeeting(NUMBER, future, "Council hall", STAFF, fixtureNow(), Channel.WEB));
      refused(fixture.given(history(t -> List.of()))
          .when(new InviteCitizenToMeeting(NUMBER, fixtureNow().minusSeconds(60), "Hall", STAFF, Channel.WEB)), 422,
          "MEETING_IN_PAST");
    }

    @Test
    @DisplayName("takes internal notes in any state")
    void notes() {
      fixture.given(history(t -> List.of(new RequestClosed(NUMBER, STAFF, t, Channel.WEB))))
          .when(new AddInternalNote(NUMBER, "archived copy sent", STAFF, Channel.WEB))
          .expectEventsMatching(payloads(InternalNoteAdded.class));
    }

    @Test
    @DisplayName("changes priority and due date, but not to the same priority")
    void priority() {
      fixture.given(history(t -> List.of()))
          .when(new ChangePriority(NUMBER, Priority.NORMAL, STAFF, Channel.WEB))
          .expectEvents(new PriorityChanged(NUMBER, Priority.URGENT, Priority.NORMAL, t0.plus(Duration.ofDays(15)),
              STAFF, fixtureNow(), Channel.WEB));
      refused(fixture.given(history(t -> List.of()))
          .when(new ChangePriority(NUMBER, Priority.URGENT, STAFF, Channel.WEB)), 409, "PRIORITY_UNCHANGED");
    }

    @Test
    @DisplayName("is responded to while open, and resolved and closed after a response")
    void respondResolveClose() {
      fixture.given(history(t -> List.of(assigned(ARTA))))
          .when(new RespondToRequest(NUMBER, "We will reopen it", STAFF, Channel.WEB))
          .expectEventsMatching(payloads(RequestResponded.class));
      refused(fixture.given(history(t -> List.of(assigned(ARTA))))
          .when(new ResolveRequest(NUMBER, STAFF, Channel.WEB)), 409, "ILLEGAL_TRANSITION");
      fixture.given(history(t -> List.of(responded())))
          .when(new ResolveRequest(NUMBER, STAFF, Channel.WEB))
          .expectEventsMatching(payloads(RequestResolved.class));
      fixture.given(history(t -> List.of(responded(), new RequestResolved(NUMBER, STAFF, t, Channel.WEB))))
          .when(new CloseRequest(NUMBER, STAFF, Channel.WEB))
          .expectEventsMatching(payloads(RequestClosed.class));
      refused(fixture.given(history(t -> List.of()))
          .when(new CloseRequest(NUMBER, STAFF, Channel.WEB)), 409, "ILLEGAL_TRANSITION");
    }

    @Test
    @DisplayName("cannot be responded to once closed")
    void respondToClosed() {
      refused(fixture.given(history(t -> List.of(responded(), new RequestClosed(NUMBER, STAFF, t, Channel.WEB))))
          .when(new RespondToRequest(NUMBER, "late", STAFF, Channel.WEB)), 409, "ILLEGAL_TRANSITION");
    }

    @Test
    @DisplayName("is rejected with a reason before it is answered, not after")
    void reject() {
      fixture.given(history(t -> List.of()))
          .when(new RejectRequest(NUMBER, "Not a council matter", STAFF, Channel.WEB))
          .expectEventsMatching(payloads(RequestRejected.class));
      refused(fixture.given(history(t -> List.of(responded())))
          .when(new RejectRequest(NUMBER, "too late", STAFF, Channel.WEB)), 409, "ILLEGAL_TRANSITION");
    }

    @Test
    @DisplayName("is withdrawn by the citizen once, and not twice")
    void withdraw() {
      fixture.given(history(t -> List.of()))
          .when(new WithdrawRequest(NUMBER, CITIZEN, Channel.WEB))
          .expectEventsMatching(payloads(RequestWithdrawn.class));
      refused(fixture.given(history(t -> List.of(new RequestWithdrawn(NUMBER, CITIZEN, t, Channel.WEB))))
          .when(new WithdrawRequest(NUMBER, CITIZEN, Channel.WEB)), 409, "ILLEGAL_TRANSITION");
    }

    @Test
    @DisplayName("is reopened after resolution, closure or rejection, never after withdrawal or while open")
    void reopen() {
      fixture.given(history(t -> List.of(new RequestRejected(NUMBER, "no", STAFF, t, Channel.WEB))))
          .when(new ReopenRequest(NUMBER, "appeal", STAFF, Channel.WEB))
          .expectEventsMatching(payloads(RequestReopened.class));
      refused(fixture.given(history(t -> List.of(new RequestWithdrawn(NUMBER, CITIZEN, t, Channel.WEB))))
          .when(new ReopenRequest(NUMBER, "?", STAFF, Channel.WEB)), 409, "ILLEGAL_TRANSITION");
      refused(fixture.given(history(t -> List.of()))
          .when(new ReopenRequest(NUMBER, "?", STAFF, Channel.WEB)), 409, "ILLEGAL_TRANSITION");
    }

    @Test
    @DisplayName("is rated by the citizen once per response, and only after one")
    void rating() {
      refused(fixture.given(history(t -> List.of()))
          .when(new RequestCommand.RateResponse(NUMBER, 5, null, CITIZEN, Channel.WEB)), 409, "NOTHING_TO_RATE");
      fixture.given(history(t -> List.of(responded())))
          .when(new RequestCommand.RateResponse(NUMBER, 4, "Quick and clear", CITIZEN, Channel.WEB))
          .expectEventsMatching(payloads(RequestEvent.CitizenRatedResponse.class));
      refused(fixture.given(history(t -> List.of(responded(),
              new RequestEvent.CitizenRatedResponse(NUMBER, 1, 4, null, CITIZEN, t, Channel.WEB))))
          .when(new RequestCommand.RateResponse(NUMBER, 5, null, CITIZEN, Channel.WEB)), 409, "ALREADY_RATED");
      fixture.given(history(t -> List.of(responded(),
              new RequestEvent.CitizenRatedResponse(NUMBER, 1, 4, null, CITIZEN, t, Channel.WEB), responded())))
          .when(new RequestCommand.RateResponse(NUMBER, 2, null, CITIZEN, Channel.WEB))
          .expectEventsMatching(payloads(RequestEvent.CitizenRatedResponse.class));
      refused(fixture.given(history(t -> List.of(responded())))
          .when(new RequestCommand.RateResponse(NUMBER, 6, null, CITIZEN, Channel.WEB)), 422, "SCORE_OUT_OF_RANGE");
    }

    @Test
    @DisplayName("once withdrawn, refuses every action but internal notes")
    void withdrawnIsFinal() {
      List<Object> given = history(t -> List.of(new RequestWithdrawn(NUMBER, CITIZEN, t, Channel.WEB)));
      List<Object> actions = List.of(
          new AcknowledgeRequest(NUMBER, STAFF, Channel.WEB),
          new AssignRequest(NUMBER, ARTA, STAFF, Channel.WEB),
          new ReferRequestToDepartment(NUMBER, "Finance", null, STAFF, Channel.WEB),
          new InviteCitizenToMeeting(NUMBER, fixtureNow().plus(Duration.ofDays(2)), "Hall", STAFF, Channel.WEB),
          new ChangePriority(NUMBER, Priority.NORMAL, STAFF, Channel.WEB),
          new RespondToRequest(NUMBER, "x", STAFF, Channel.WEB),
          new ResolveRequest(NUMBER, STAFF, Channel.WEB),
          new CloseRequest(NUMBER, STAFF, Channel.WEB),
          new RejectRequest(NUMBER, "x", STAFF, Channel.WEB),
          new WithdrawRequest(NUMBER, CITIZEN, Channel.WEB),
          new ReopenRequest(NUMBER, "x", STAFF, Channel.WEB));
      for (Object action : actions) {
        refused(fixture.given(given).when(action), 409, "ILLEGAL_TRANSITION");
      }
    }

    private Instant fixtureNow() {
      return fixture.currentTime().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }
  }

  private static org.hamcrest.Matcher<List<org.axonframework.messaging.Message<?>>> payloads(Class<?> type) {
    return org.axonframework.test.matchers.Matchers.payloadsMatching(
        org.axonframework.test.matchers.Matchers.exactSequenceOf(org.hamcrest.Matchers.instanceOf(type)));
  }

  @Nested
  @DisplayName("when the citizen writes again (on WhatsApp)")
  class CitizenMessages {

    private final Instant t0 = Instant.parse("2026-11-02T08:00:00Z");
    private final Actor whatsapp = new Actor("whatsapp", Role.CITIZEN);

    @Test
    @DisplayName("adds the message to the open request, sealed with the citizen's key, by the citizen")
    void added() {
      List<Object> published = new ArrayList<>();
      fixture.given(submitted(t0))
          .when(new RequestCommand.AddCitizenMessage(NUMBER, "Near the bridge", whatsapp, Channel.WHATSAPP))
          .expectSuccessfulHandlerExecution()
          .expectEventsMatching(capture(published));
      assertThat(published).hasSize(1);
      RequestEvent.CitizenMessageAdded added = (RequestEvent.CitizenMessageAdded) published.get(0);
      assertThat(added.message()).isEqualTo(new SealedPersonalData("c-1", "sealed-text:15"));
      assertThat(added.by()).isEqualTo(CITIZEN);
      assertThat(added.channel()).isEqualTo(Channel.WHATSAPP);
    }

    @Test
    @DisplayName("is the answer, and the clock runs again, while the council awaits the citizen")
    void answers() {
      List<Object> published = new ArrayList<>();
      fixture.given(submitted(t0), new RequestEvent.CitizenInformationRequested(NUMBER, "Which bridge?",
              Duration.ofDays(2), STAFF, t0.plusSeconds(60), Channel.WEB))
          .when(new RequestCommand.AddCitizenMessage(NUMBER, "The old one", whatsapp, Channel.WHATSAPP))
          .expectSuccessfulHandlerExecution()
          .expectEventsMatching(capture(published));
      assertThat(published).extracting(e -> e.getClass().getSimpleName())
          .containsExactly("CitizenAnswered", "SlaClockStarted");
      assertThat(((RequestEvent.CitizenAnswered) published.get(0)).status()).isEqualTo(Status.SUBMITTED);
    }

    @Test
    @DisplayName("is refused once the request is closed")
    void closed() {
      refused(fixture.given(submitted(t0), new RequestEvent.RequestClosed(NUMBER, STAFF, t0.plusSeconds(60),
              Channel.WEB))
          .when(new RequestCommand.AddCitizenMessage(NUMBER, "Hello?", whatsapp, Channel.WHATSAPP)),
          409, "REQUEST_NOT_OPEN");
    }
  }
}
