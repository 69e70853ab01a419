package al.tirana.councilline.guidance;

import al.tirana.councilline.platform.db.Database;
import al.tirana.councilline.platform.json.Json;
import org.axonframework.config.Configuration;
import al.tirana.councilline.platform.runtime.StartRefused;
import al.tirana.councilline.directory.DirectoryCommand.CreateCommission;
import al.tirana.councilline.directory.DirectoryCommand.RegisterCounselor;
import al.tirana.councilline.identity.AccountCommand.CreateAccount;
import al.tirana.councilline.shared.Actor;
import al.tirana.councilline.identity.Passwords;
import al.tirana.councilline.shared.Role;
import al.tirana.councilline.request.AccessCodes;
import al.tirana.councilline.shared.Addressee;
import al.tirana.councilline.shared.Category;
import al.tirana.councilline.shared.Channel;
import al.tirana.councilline.request.Kind;
import al.tirana.councilline.request.PersonalData;
import al.tirana.councilline.shared.Priority;
import al.tirana.councilline.request.RequestCommand;
import al.tirana.councilline.shared.Status;
import al.tirana.councilline.request.SubmittedRequest;
import al.tirana.councilline.sla.SlaDeadlineManager;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.GenericEventMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --demo} or {@code DEMO=1}: a first run that shows something. On a database without requests it records a
 * sample council (commissions with policy areas, counselors with accounts whose passwords are logged once), a few
 * dozen requests in every status spread over the last four weeks, ratings and a success story, and then submits a
 * plausible request every few seconds so the feed and the inboxes are alive. Every record it makes says that it is a
 * demo: "(demo)" in names, "[DEMO]" in subjects and titles, "demo." in usernames, "@demo.invalid" in addresses.
 *
 * <p>The past is recorded by moving Axon's event clock back while the sample requests are made, one after the
 * other from the oldest: their events carry the times a real history would have had. Requests made by people meanwhile
 * (the node already serves) would be stamped with that past time too, which is why this only runs on an empty
 * database, for a demonstration.
 */
public final class Demo {

  private static final Logger LOG = LoggerFactory.getLogger(Demo.class);
  /** Sample requests: four of every status, which makes the statistics' rates computable (ten and more). */
  static final int PER_STATUS = 4;
  static final Duration HISTORY = Duration.ofDays(28);
  private static final Actor DESK = new Actor("demo.desk", Role.STAFF);
  private static final Channel WEB = Channel.WEB;

  /** A sample request's topic: what a citizen might write about, and to whom by topic. */
  record Topic(Category category, Kind kind, String subject, String body) {
  }

  record SampleCommission(String name, List<Category> areas) {
  }

  record Person(String first, String last) {
  }

  /**
   * The demo council's content, Albanian sample text kept as data (demo-council.json beside this class) so that it
   * can be changed without touching the seeding.
   */
  record Sample(List<SampleCommission> commissions, List<Person> counselors, List<Topic> topics,
                List<String> citizenFirstNames, List<String> citizenLastNames) {

    static Sample load() {
      try (InputStream in = Demo.class.getResourceAsStream("demo-council.json")) {
        if (in == null) {
          throw new IllegalStateException("demo-council.json is missing from the classpath");
        }
        return Json.mapper().readValue(in, Sample.class);
      } catch (IOException ex) {
        throw new UncheckedIOException("Could not read the demo council's sample content", ex);
      }
    }
  }

  private static final Sample SAMPLE = Sample.load();

  /** What the demo made: the commissions' ids, and each demo account with its password (shown only now). */
  public record Council(List<String> commissions, List<String> counselors, Map<String, String> accounts,
                        int requests) {
  }

  private final Vertx vertx;
  private final SlaDeadlineManager timers;
  private final CommandGateway commands;
  private final DataSource dataSource;
  private final Random random = new Random();
  private final List<String> counselors = new ArrayList<>();
  private final Map<String, String> accountOf = new LinkedHashMap<>();
  private long timer = -1;
  private Council council;

  private Demo(Vertx vertx, Configuration axon, Database database) {
    this.vertx = vertx;
    this.commands = axon.commandGateway();
    this.timers = (SlaDeadlineManager) axon.deadlineManager();
    this.dataSource = database.dataSource();
  }

  /**
   * Seeds the demo council on a worker, then starts the live submissions; fails with {@link StartRefused} on a
   * database that already holds requests.
   */
  public static Future<Demo> start(Vertx vertx, Configuration axon, Database database, Duration every) {
    Demo demo = new Demo(vertx, axon, database);
    return vertx.executeBlocking(demo::seed, false).map(council -> {
      council.accounts().forEach((username, password) -> LOG.warn(
          "Demo account '{}' with the one-time password: {}", username, password));
      LOG.info("Demo council ready: {} commissions, {} counselors, {} requests; a new request every {} s",
          council.commissions().size(), council.counselors().size(), council.requests(), every.toSeconds());
      demo.council = council;
      demo.timer = vertx.setPeriodic(every.toMillis(), id -> vertx.executeBlocking(demo::submitOne, false)
          .onFailure(err -> LOG.warn("The demo could not submit a request", err)));
      return demo;
    });
  }

  public Council council() {
    return council;
  }

  /** Stops the live submissions (the node's stop does not know of them). */
  public void stop() {
    vertx.cancelTimer(timer);
  }

  private Council seed() throws SQLException {
    if (holdsRequests()) {
      throw new StartRefused("--demo runs only on a database without requests; this one already holds some");
    }
    List<String> commissions = new ArrayList<>();
    for (SampleCommission commission : SAMPLE.commissions()) {
      commissions.add(commission(commission.name(), commission.areas()));
    }
    Map<String, String> accounts = new LinkedHashMap<>();
    for (int i = 0; i < SAMPLE.counselors().size(); i++) {
      String first = SAMPLE.counselors().get(i).first();
      String last = SAMPLE.counselors().get(i).last();
      String id = UUID.randomUUID().toString();
      String commission = commissions.get(i % commissions.size());
      commands.sendAndWait(new RegisterCounselor(id, first + " " + last + " (demo)",
          ascii(first + "." + last).toLowerCase() + "@demo.invalid", null, List.of(commission),
          List.of(Category.values()[i % Category.values().length]), true, Actor.SYSTEM));
      counselors.add(id);
      String username = "demo." + ascii(first).toLowerCase();
      accountOf.put(id, username);
      accounts.put(username, account(username, Role.COUNSELOR, id));
    }
    accounts.put(DESK.id(), account(DESK.id(), Role.STAFF, null));
    accounts.put("demo.auditor", account("demo.auditor", Role.AUDITOR, null));

    List<Status> targets = new ArrayList<>();
    for (int i = 0; i < PER_STATUS; i++) {
      targets.addAll(List.of(Status.values()));
    }
    java.util.Collections.shuffle(targets, random);
    Instant now = Instant.now();
    List<Instant> submittedAt = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      submittedAt.add(now.minus(HISTORY).plusSeconds((long) (random.nextDouble() * (HISTORY.toSeconds() - 86_400))));
    }
    submittedAt.sort(null);
    boolean storyPublished = false;
    // Processors drop a gap in the event log at once when the event after it is older than their gap timeout, as
    // these are: no other event may commit meanwhile, so the timers this history sets (many already due) wait
    timers.pause();
    try {
      for (int i = 0; i < targets.size(); i++) {
        storyPublished |= history(targets.get(i), submittedAt.get(i), now, !storyPublished);
      }
    } finally {
      GenericEventMessage.clock = Clock.systemUTC();
      timers.resume();
    }
    return new Council(commissions, List.copyOf(counselors), accounts, targets.size());
  }

  private boolean holdsRequests() throws SQLException {
    try (Connection c = dataSource.getConnection();
         PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM request_view)");
         ResultSet rs = ps.executeQuery()) {
      rs.next();
      boolean holds = rs.getBoolean(1);
      c.rollback();
      return holds;
    }
  }

  private String commission(String name, List<Category> areas) {
    String id = UUID.randomUUID().toString();
    commands.sendAndWait(new CreateCommission(id, name, "Komision demonstrimi: të dhënat e tij janë shembuj.",
        areas, true, Actor.SYSTEM));
    return id;
  }

  private String account(String username, Role role, String counselorId) {
    String password = "demo-" + AccessCodes.next().toLowerCase();
    commands.sendAndWait(new CreateAccount(username, role, counselorId, Passwords.hash(password), Actor.SYSTEM));
    return password;
  }

  /**
   * One sample request taken to its status, each step a few hours after the one before, never later than now.
   * Returns whether it became the demo's success story.
   */
  private boolean history(Status target, Instant at, Instant now, boolean wantStory) {
    Instant[] clock = {at};
    Runnable later = () -> {
      clock[0] = min(clock[0].plus(Duration.ofMinutes(90 + random.nextInt(20 * 60))), now.minusSeconds(60));
      GenericEventMessage.clock = Clock.fixed(clock[0], ZoneOffset.UTC);
    };
    GenericEventMessage.clock = Clock.fixed(at, ZoneOffset.UTC);
    String counselor = counselors.get(random.nextInt(counselors.size()));
    Actor handler = new Actor(accountOf.get(counselor), Role.COUNSELOR);
    String number = submit(topicFor(random.nextInt(SAMPLE.topics().size())), random.nextInt(3) == 0);
    if (target == Status.SUBMITTED) {
      return false;
    }
    later.run();
    if (target == Status.WITHDRAWN) {
      commands.sendAndWait(new RequestCommand.WithdrawRequest(number, Actor.citizen(citizenOf(number)), WEB));
      return false;
    }
    if (target == Status.REJECTED) {
      commands.sendAndWait(new RequestCommand.RejectRequest(number,
          "[DEMO] Kërkesa nuk është në kompetencë të Këshillit Bashkiak.", DESK, WEB));
      return false;
    }
    commands.sendAndWait(new RequestCommand.AcknowledgeRequest(number, DESK, WEB));
    if (target == Status.ACKNOWLEDGED) {
      return false;
    }
    later.run();
    commands.sendAndWait(new RequestCommand.AssignRequest(number, Addressee.counselor(counselor), DESK, WEB));
    if (target == Status.ASSIGNED) {
      return false;
    }
    later.run();
    if (target == Status.REFERRED) {
      commands.sendAndWait(new RequestCommand.ReferRequestToDepartment(number, "Drejtoria e Shërbimeve Publike",
          "[DEMO] Për verifikim në terren.", handler, WEB));
      return false;
    }
    if (target == Status.AWAITING_CITIZEN) {
      commands.sendAndWait(new RequestCommand.RequestCitizenInformation(number,
          "[DEMO] Na tregoni adresën e saktë, ju lutem.", handler, WEB));
      return false;
    }
    commands.sendAndWait(new RequestCommand.RespondToRequest(number,
        "[DEMO] Faleminderit. Rasti u shqyrtua dhe punimet planifikohen brenda muajit.\nDo t'ju njoftojmë.",
        handler, WEB));
    later.run();
    commands.sendAndWait(new RequestCommand.RateResponse(number, 3 + random.nextInt(3),
        random.nextBoolean() ? "[DEMO] Përgjigje e shpejtë." : null, Actor.citizen(citizenOf(number)), WEB));
    if (target == Status.RESPONDED) {
      return false;
    }
    later.run();
    commands.sendAndWait(new RequestCommand.ResolveRequest(number, DESK, WEB));
    boolean story = false;
    if (wantStory) {
      later.run();
      commands.sendAndWait(new RequestCommand.PublishSuccessStory(number,
          "[DEMO] Stacioni i autobusit mori strehë", "[DEMO] Pas kërkesës së një qytetareje, strehja u vendos "
              + "brenda tre javësh.", true, "[DEMO] Pëlqimi i dhënë me shkrim (shembull).", DESK, WEB));
      story = true;
    }
    if (target == Status.CLOSED) {
      later.run();
      commands.sendAndWait(new RequestCommand.CloseRequest(number, DESK, WEB));
    }
    return story;
  }

  private Topic topicFor(int index) {
    return SAMPLE.topics().get(index);
  }

  /** A plausible new request, now: by topic for a third of them, else to a counselor. */
  private Void submitOne() {
    submit(topicFor(random.nextInt(SAMPLE.topics().size())), random.nextInt(3) == 0);
    return null;
  }

  private String submit(Topic topic, boolean byTopic) {
    String first = SAMPLE.citizenFirstNames().get(random.nextInt(SAMPLE.citizenFirstNames().size()));
    String last = SAMPLE.citizenLastNames().get(random.nextInt(SAMPLE.citizenLastNames().size()));
    // a phone number and no e-mail address: the demo's citizens are mailed nothing
    PersonalData citizen = new PersonalData(first, last + " (demo)", null, null,
        "+355 69 000 " + String.format("%04d", random.nextInt(10_000)), "[DEMO] " + topic.subject(),
        topic.body() + "\n\n(Kërkesë demonstrimi: nuk vjen nga një qytetar i vërtetë.)");
    Addressee to = byTopic ? null : Addressee.counselor(counselors.get(random.nextInt(counselors.size())));
    SubmittedRequest done = commands.sendAndWait(new RequestCommand.SubmitRequest(topic.kind(),
        random.nextInt(4) == 0 ? Priority.URGENT : Priority.NORMAL, topic.category(), to, citizen, AccessCodes.next(),
        "sq", null, new Actor("anonymous", Role.CITIZEN), WEB, null));
    return done.number();
  }

  private String citizenOf(String number) {
    try (Connection c = dataSource.getConnection();
         PreparedStatement ps = c.prepareStatement("SELECT citizen_id FROM request_view WHERE number = ?")) {
      ps.setString(1, number);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        String id = rs.getString(1);
        c.rollback();
        return id;
      }
    } catch (SQLException ex) {
      throw new IllegalStateException("Could not read the citizen of " + number, ex);
    }
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static String ascii(String name) {
    return java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "");
  }
}
