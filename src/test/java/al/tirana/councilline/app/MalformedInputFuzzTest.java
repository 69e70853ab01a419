package al.tirana.councilline.app;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.Refusal;
import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.StoredRows;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.openapi.contract.OpenAPIContract;
import al.tirana.councilline.support.Eventually;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Reads every operation from openapi.yaml (so a new operation is covered without touching this test) and sends it
 * malformed variants as every kind of caller: wrong types, integers written as {@code 1.0}, {@code 1e2}, {@code " 5"}
 * or beyond their range, NUL and lone surrogates in every text field, parameter and header, huge strings, deep
 * nesting, bytes that are not UTF-8, the wrong content type, an empty body, a 10 KB path or query, oversized headers.
 * Every variant is malformed by construction (it breaks the contract or is not text), so none may store anything.
 */
@StartedApp
@DisplayName("Malformed requests to every operation of the contract")
class MalformedInputFuzzTest {

  private static final int PARALLEL = 12;
  private static final long ANSWER_WITHIN_MILLIS = 5_000;
  private static final String MUTATION = "\"@@mutation@@\"";
  private static final String TEN_KB = "a".repeat(10 * 1024);
  /** The tables a refused request must leave as they were. */
  private static final String[] STORES = {"domain_event_entry", "user_account", "sla_holiday", "citizen_data_key"};

  @StartedApp.Node private static TestApp app;
  @StartedApp.Admin private static String admin;
  @StartedApp.Commission("Fuzz Commission") private static String commission;
  @StartedApp.Counselor(value = "Fuzz Counselor", email = "fuzz.counselor@tirana.al") private static String counselorId;
  private static final Map<String, String> callers = new TreeMap<>();
  private static String number;
  private static JsonObject contract;

  @BeforeAll
  static void given() throws Exception {
    callers.put("anonymous", "");
    callers.put("admin", admin);
    callers.put("staff", app.createUser(admin, "fuzz-staff", "STAFF", null));
    callers.put("counselor", app.createUser(admin, "fuzz-counselor", "COUNSELOR", counselorId));
    callers.put("auditor", app.createUser(admin, "fuzz-auditor", "AUDITOR", null));
    number = app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
  }

  record Example(String description, HttpMethod method, String uri, String caller, String contentType, String body,
                 int status, String error) {
    @Override
    public String toString() {
      return description;
    }
  }

  private static Example get(String description, String uri, String caller, int status, String error) {
    return new Example(description, HttpMethod.GET, uri, caller, null, null, status, error);
  }

  private static Example post(String description, String uri, String caller, String json) {
    return new Example(description, HttpMethod.POST, uri, caller, "application/json", json, 400, "VALIDATION_FAILED");
  }

  private static Example calendar(String description, String body) {
    return new Example(description, HttpMethod.POST, "/api/admin/holidays/import", "admin",
        body == null ? null : "text/calendar", body, 400, "INVALID_CALENDAR");
  }

  static Stream<Example> issueExamples() {
    String event = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261225\r\nSUMMARY:%s\r\nEND:VEVENT\r\n"
        + "END:VCALENDAR\r\n";
    return Stream.of(
        get("the feed after 1.0", "/api/feed?after=1.0", "anonymous", 400, "VALIDATION_FAILED"),
        get("the feed after 1e2", "/api/feed?after=1e2", "anonymous", 400, "VALIDATION_FAILED"),
        get("the feed after ' 5'", "/api/feed?after=%205", "anonymous", 400, "VALIDATION_FAILED"),
        get("the feed after a number beyond any integer", "/api/feed?after=99999999999999999999", "anonymous", 400,
            "VALIDATION_FAILED"),
        get("the inbox of administrative unit 1.0", "/api/inbox?administrativeUnit=1.0", "admin", 400,
            "VALIDATION_FAILED"),
        get("the inbox from offset 2147483648", "/api/inbox?offset=2147483648", "admin", 400, "VALIDATION_FAILED"),
        get("a counselor's timeline after 1.0", "/api/counselors/" + counselorId + "/timeline?after=1.0", "anonymous",
            400, "VALIDATION_FAILED"),
        get("a commission's timeline after 1.0", "/api/commissions/" + commission + "/timeline?after=1.0",
            "anonymous", 400, "VALIDATION_FAILED"),
        get("statistics of unit 1.0", "/api/stats?unit=1.0", "anonymous", 400, "VALIDATION_FAILED"),
        get("open data of unit 1e2", "/api/open-data/requests.json?unit=1e2", "anonymous", 400, "VALIDATION_FAILED"),
        get("audit events after 1.0", "/api/audit/events?after=1.0", "auditor", 400, "VALIDATION_FAILED"),
        get("audit events limited to 2147483648", "/api/audit/events?limit=2147483648", "auditor", 400,
            "VALIDATION_FAILED"),
        get("a 10 KB query", "/api/feed?after=" + "1".repeat(10 * 1024), "anonymous", 414, "URI_TOO_LONG"),
        post("a login with NUL in the username", "/api/auth/login", "anonymous",
            "{\"username\":\"nul\\u0000inside\",\"password\":\"whatever\"}"),
        post("a note with NUL in its text", "/api/requests/" + number + "/notes", "admin", "{\"text\":\"a\\u0000b\"}"),
        post("a commission named with a lone surrogate", "/api/admin/commissions", "admin",
            "{\"name\":\"Bad \\ud800 name\"}"),
        post("a reopening whose reason has a lone surrogate", "/api/requests/" + number + "/reopen", "admin",
            "{\"reason\":\"Bad \\udc00 reason\"}"),
        calendar("a holiday import with no body", null),
        calendar("a holiday import of an empty calendar", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"),
        calendar("a holiday import with a summary over 200 characters", event.formatted("x".repeat(201))),
        new Example("a holiday import with NUL in a summary", HttpMethod.POST, "/api/admin/holidays/import", "admin",
            "text/calendar", event.formatted("nul\u0000inside"), 400, "VALIDATION_FAILED"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("issueExamples")
  @DisplayName("The malformed requests named in the issue are refused with the right 4xx JSON error")
  void issueExample(Example example) throws Exception {
    Refusal.assertRefused(app, () -> send(example), example.status(), example.error(), STORES);
  }

  private static HttpResponse<Buffer> send(Example example) {
    HttpRequest<Buffer> request = app.client().request(example.method(), example.uri());
    if (example.contentType() != null) {
      request.putHeader("Content-Type", example.contentType());
    }
    String token = callers.get(example.caller());
    if (!token.isEmpty()) {
      request.bearerTokenAuthentication(token);
    }
    return example.body() == null ? request.send().await()
        : request.sendBuffer(Buffer.buffer(example.body())).await();
  }

  @Test
  @DisplayName("Headers larger than the server reads get a 431 JSON error, not Vert.x's empty plain-text answer")
  void oversizedHeaders() {
    HttpResponse<Buffer> response = app.client().get("/api/feed").putHeader("X-Padding", "p".repeat(20_000))
        .send().await();

    assertThat(response.statusCode()).isEqualTo(431);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("HEADERS_TOO_LARGE");
  }

  @Test
  @DisplayName("An auditor looking up an actor that is not in the form of an id gets an empty page, not a 500")
  void auditActorOfAnyForm() {
    HttpResponse<Buffer> response = app.client().get("/api/audit/events?actor=abc%20def")
        .bearerTokenAuthentication(callers.get("auditor")).send().await();

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getJsonArray("items")).isEmpty();
  }

  @Test
  @DisplayName("A closed request is reopened with no body at all, the reason being optional")
  void reopenWithoutBody() {
    String closed = app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
    String admin = callers.get("admin");
    assertThat(app.post("/api/requests/" + closed + "/respond", admin, new JsonObject().put("message", "Done"))
        .statusCode()).isEqualTo(200);
    assertThat(app.post("/api/requests/" + closed + "/close", admin, new JsonObject()).statusCode()).isEqualTo(200);

    HttpResponse<Buffer> reopened = app.client().post("/api/requests/" + closed + "/reopen")
        .bearerTokenAuthentication(admin).send().await();

    assertThat(reopened.statusCode()).as(reopened.bodyAsString()).isEqualTo(200);
    assertThat(reopened.bodyAsJsonObject().getString("status")).isNotEqualTo("CLOSED");
  }

  @Test
  @DisplayName("The audit log still pages, filters by actor and exports an event stored with NUL, a lone surrogate "
      + "and bytes that are not UTF-8 before text was checked")
  void auditReadsBrokenStoredText() throws Exception {
    String admin = callers.get("admin");
    String answered = app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
    assertThat(app.post("/api/requests/" + answered + "/respond", admin,
        new JsonObject().put("message", "PLACEHOLDER")).statusCode()).isEqualTo(200);
    long position = app.count("SELECT max(global_index) FROM domain_event_entry WHERE aggregate_identifier = ?",
        answered);
    // wait until every projection has read it, as it would have been long ago for an old event
    Eventually.eventually(() -> app.count("SELECT count(*) FROM event_seal WHERE global_index >= ?", position) > 0);
    String actor;
    try (Connection c = app.jdbc();
         PreparedStatement read = c.prepareStatement("SELECT payload FROM domain_event_entry WHERE global_index = ?");
         PreparedStatement write = c.prepareStatement(
             "UPDATE domain_event_entry SET payload = ? WHERE global_index = ?")) {
      read.setLong(1, position);
      byte[] payload;
      try (ResultSet rs = read.executeQuery()) {
        rs.next();
        payload = rs.getBytes(1);
      }
      String text = new String(payload, StandardCharsets.UTF_8);
      assertThat(text).contains("PLACEHOLDER");
      actor = new JsonObject(text).getJsonObject("by").getString("id");
      int at = text.indexOf("PLACEHOLDER");
      Buffer broken = Buffer.buffer(text.substring(0, at)).appendString("nul\\u0000 Bad \\ud800 ")
          .appendBytes(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80, (byte) 0xff})
          .appendString(text.substring(at + "PLACEHOLDER".length()));
      write.setBytes(1, broken.getBytes());
      write.setLong(2, position);
      assertThat(write.executeUpdate()).isEqualTo(1);
    }
    String auditor = callers.get("auditor");

    HttpResponse<Buffer> page = app.client().get("/api/audit/events?actor=" + actor)
        .bearerTokenAuthentication(auditor).send().await();
    HttpResponse<Buffer> export = app.client().get("/api/audit/events?number=" + answered)
        .putHeader("Accept", "application/x-ndjson").bearerTokenAuthentication(auditor).send().await();
    HttpResponse<Buffer> asOf = app.client().get("/api/audit/requests/" + answered)
        .bearerTokenAuthentication(auditor).send().await();

    assertThat(page.statusCode()).as(page.bodyAsString()).isEqualTo(200);
    assertThat(page.bodyAsJsonObject().getJsonArray("items").stream().map(i -> ((JsonObject) i).getLong("position")))
        .contains(position);
    assertThat(export.statusCode()).as(export.bodyAsString()).isEqualTo(200);
    assertThat(export.bodyAsString().lines().map(l -> new JsonObject(l).getLong("position"))).contains(position);
    assertThat(asOf.statusCode()).as(asOf.bodyAsString()).isEqualTo(200);
    assertThat(asOf.bodyAsJsonObject().getString("status")).isEqualTo("RESPONDED");
  }

  /** One malformed request; raw ones go over a plain socket, for what an HTTP client refuses to send. */
  record Probe(String operation, String variant, HttpMethod method, String uri, List<Map.Entry<String, String>> headers,
               Buffer body, boolean raw) {
  }

  record Answer(int status, String contentType, String body, long millis) {
  }

  @Test
  // a few thousand requests: about 30 s on an idle 2-core machine, longer while other builds share it
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  @DisplayName("get a 4xx JSON error within 5 s, never a 5xx, and store nothing")
  void everyOperationRefusesMalformedInput(Vertx vertx) throws Exception {
    OpenAPIContract contract = OpenAPIContract.from(vertx, "openapi.yaml").await();
    MalformedInputFuzzTest.contract = contract.getRawContract();
    List<Probe> probes = probes(MalformedInputFuzzTest.contract);
    Map<String, Long> stored = StoredRows.counts(app, STORES);

    Map<String, AtomicInteger> perStatus = new ConcurrentHashMap<>();
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    long started = System.nanoTime();
    List<Probe> sent = new ArrayList<>();
    // every variant as an administrator, whom authorization lets furthest into the handlers, and as one of the
    // others in turn (anonymous, auditor, counselor, staff): refusals must not depend on who asks
    List<String> others = callers.keySet().stream().filter(c -> !c.equals("admin")).toList();
    for (int i = 0; i < probes.size(); i++) {
      String other = others.get(i % others.size());
      sent.add(withCaller(probes.get(i), "admin", callers.get("admin")));
      sent.add(withCaller(probes.get(i), other, callers.get(other)));
    }
    runAll(vertx, sent, (probe, answer) -> {
      perStatus.computeIfAbsent(answer == null ? "none" : String.valueOf(answer.status()),
          s -> new AtomicInteger()).incrementAndGet();
      String problem = problem(probe, answer);
      if (problem != null) {
        problems.add(probe.operation() + " " + probe.variant() + " -> " + problem);
      }
    });
    long seconds = (System.nanoTime() - started) / 1_000_000_000;

    System.out.printf("Malformed-input fuzz: %d requests over %d operations (%d variants, each as admin and as one "
            + "of %s) in %d s; answers per status: %s; not a quick 4xx JSON error: %d%n", sent.size(),
        contract.operations().size(), probes.size(), others, seconds, new TreeMap<>(perStatus), problems.size());
    assertThat(problems).as("answers that were not a quick 4xx JSON error").isEmpty();
    assertThat(perStatus.keySet()).as("statuses seen").allMatch(s -> s.startsWith("4"));
    assertThat(StoredRows.counts(app, STORES)).as("rows stored").isEqualTo(stored);
  }

  private static String problem(Probe probe, Answer answer) {
    if (answer == null) {
      return "no answer within " + ANSWER_WITHIN_MILLIS + " ms";
    }
    if (answer.status() < 400 || answer.status() > 499) {
      return answer.status() + " " + abbreviated(answer.body());
    }
    if (answer.millis() > ANSWER_WITHIN_MILLIS) {
      return "answered after " + answer.millis() + " ms";
    }
    // what the HTTP decoder cannot read (too long, not HTTP) is refused before any route is known
    if (probe.operation().startsWith("open311") && !List.of("URI_TOO_LONG", "HEADERS_TOO_LARGE", "MALFORMED_REQUEST")
        .contains(errorCode(answer))) {
      return geoReportError(answer);
    }
    if (answer.contentType() == null || !answer.contentType().startsWith("application/json")) {
      return answer.status() + " as " + answer.contentType() + ": " + abbreviated(answer.body());
    }
    try {
      JsonObject error = new JsonObject(answer.body());
      if (error.getString("error", "").isBlank() || error.getString("message", "").isBlank()) {
        return answer.status() + " without error and message: " + abbreviated(answer.body());
      }
    } catch (RuntimeException notJson) {
      return answer.status() + " not a JSON object: " + abbreviated(answer.body());
    }
    return null;
  }

  private static String errorCode(Answer answer) {
    try {
      return new JsonObject(answer.body()).getString("error", "");
    } catch (RuntimeException notAJsonObject) {
      return "";
    }
  }

  /** Open311 answers refusals with GeoReport's own error document, in the format the path names. */
  private static String geoReportError(Answer answer) {
    String body = answer.body() == null ? "" : answer.body();
    String code = "<errors><error><code>" + answer.status() + "</code><description>";
    if ("text/xml; charset=utf-8".equals(answer.contentType())
        && body.startsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>" + code)) {
      return null;
    }
    try {
      JsonObject error = new io.vertx.core.json.JsonArray(body).getJsonObject(0);
      if ("application/json; charset=utf-8".equals(answer.contentType())
          && error.getInteger("code") == answer.status() && !error.getString("description", "").isBlank()) {
        return null;
      }
    } catch (RuntimeException notJson) {
      return answer.status() + " not a GeoReport error: " + abbreviated(body);
    }
    return answer.status() + " as " + answer.contentType() + ", not a GeoReport error: " + abbreviated(body);
  }

  private static String abbreviated(String text) {
    return text == null ? "(no body)" : text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }

  // ---- sending ----

  private static Probe withCaller(Probe probe, String caller, String token) {
    List<Map.Entry<String, String>> headers = new ArrayList<>(probe.headers());
    if (!token.isEmpty()) {
      headers.add(Map.entry("Authorization", "Bearer " + token));
    }
    return new Probe(probe.operation(), probe.variant() + " as " + caller, probe.method(), probe.uri(), headers,
        probe.body(), probe.raw());
  }

  private static void runAll(Vertx vertx, List<Probe> probes, java.util.function.BiConsumer<Probe, Answer> check) {
    NetClient sockets = vertx.createNetClient();
    Iterator<Probe> next = probes.iterator();
    Promise<Void> done = Promise.promise();
    AtomicInteger running = new AtomicInteger();
    Runnable[] pump = new Runnable[1];
    pump[0] = () -> {
      synchronized (next) {
        while (running.get() < PARALLEL && next.hasNext()) {
          Probe probe = next.next();
          running.incrementAndGet();
          long start = System.nanoTime();
          Future<Answer> answer = probe.raw() ? sendRaw(sockets, probe, start) : send(probe, start);
          answer.otherwiseEmpty().onComplete(result -> {
            check.accept(probe, result.result());
            running.decrementAndGet();
            pump[0].run();
          });
        }
        if (running.get() == 0 && !next.hasNext()) {
          done.tryComplete();
        }
      }
    };
    vertx.runOnContext(v -> pump[0].run());
    done.future().await();
    sockets.close();
  }

  private static Future<Answer> send(Probe probe, long start) {
    HttpRequest<Buffer> request = app.client().request(probe.method(), probe.uri()).timeout(ANSWER_WITHIN_MILLIS);
    probe.headers().forEach(h -> request.putHeader(h.getKey(), h.getValue()));
    Future<HttpResponse<Buffer>> response = probe.body() == null ? request.send()
        : request.sendBuffer(probe.body());
    return response.map(r -> new Answer(r.statusCode(), r.getHeader("Content-Type"), r.bodyAsString(),
        (System.nanoTime() - start) / 1_000_000));
  }

  /** HTTP/1.1 written by hand: NUL in a header value, bytes that are not UTF-8 in the path. */
  private static Future<Answer> sendRaw(NetClient sockets, Probe probe, long start) {
    Buffer request = Buffer.buffer(probe.method().name() + " ").appendBuffer(Buffer.buffer(
        probe.uri().getBytes(StandardCharsets.ISO_8859_1))).appendString(" HTTP/1.1\r\nHost: localhost\r\n");
    probe.headers().forEach(h -> request.appendBuffer(Buffer.buffer((h.getKey() + ": " + h.getValue() + "\r\n")
        .getBytes(StandardCharsets.ISO_8859_1))));
    Buffer body = probe.body() == null ? Buffer.buffer() : probe.body();
    request.appendString("Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n").appendBuffer(body);
    Promise<Answer> answer = Promise.promise();
    sockets.connect(app.config().httpPort(), "localhost").onFailure(answer::tryFail).onSuccess(socket -> {
      Buffer received = Buffer.buffer();
      socket.handler(received::appendBuffer);
      socket.endHandler(v -> answer.tryComplete(parse(received, start)));
      socket.exceptionHandler(answer::tryFail);
      socket.write(request);
      Vertx.currentContext().owner().setTimer(ANSWER_WITHIN_MILLIS, t -> {
        answer.tryFail("timeout");
        socket.close();
      });
    });
    return answer.future();
  }

  private static Answer parse(Buffer received, long start) {
    String text = received.toString(StandardCharsets.UTF_8);
    int headEnd = text.indexOf("\r\n\r\n");
    String head = headEnd < 0 ? text : text.substring(0, headEnd);
    String[] lines = head.split("\r\n");
    int status = lines[0].startsWith("HTTP/") ? Integer.parseInt(lines[0].split(" ")[1]) : 0;
    String contentType = null;
    for (String line : lines) {
      if (line.regionMatches(true, 0, "Content-Type:", 0, 13)) {
        contentType = line.substring(13).trim();
      }
    }
    String body = headEnd < 0 ? "" : text.substring(headEnd + 4);
    if (head.toLowerCase().contains("transfer-encoding: chunked")) {
      body = body.replaceAll("(?m)^[0-9a-fA-F]+\r$\n?", "").replace("\r\n", "");
    }
    return new Answer(status, contentType, body, (System.nanoTime() - start) / 1_000_000);
  }

  // ---- the malformed variants, from the contract ----

  private static List<Probe> probes(JsonObject contract) {
    List<Probe> probes = new ArrayList<>();
    JsonObject paths = contract.getJsonObject("paths");
    for (String template : paths.fieldNames()) {
      if (!template.startsWith("/")) {
        continue;
      }
      JsonObject path = paths.getJsonObject(template);
      for (String method : path.fieldNames()) {
        if (!List.of("get", "post", "put", "delete", "patch").contains(method)) {
          continue;
        }
        JsonObject operation = path.getJsonObject(method);
        probes.addAll(new Operation(template, HttpMethod.valueOf(method.toUpperCase()), operation).probes());
      }
    }
    return probes;
  }

  /** The variants of one operation; every one breaks its contract or is not clean text. */
  private static final class Operation {
    private final String template;
    private final HttpMethod method;
    private final String id;
    private final List<JsonObject> parameters = new ArrayList<>();
    private final JsonObject body;
    private final boolean bodyRequired;
    private final String rawBody;
    private final List<Probe> probes = new ArrayList<>();

    Operation(String template, HttpMethod method, JsonObject operation) {
      this.template = template;
      this.method = method;
      this.id = operation.getString("operationId");
      operation.getJsonArray("parameters", new JsonArray()).forEach(p -> parameters.add(resolved(p)));
      JsonObject requestBody = operation.getJsonObject("requestBody");
      JsonObject json = requestBody == null ? null
          : requestBody.getJsonObject("content", new JsonObject()).getJsonObject("application/json");
      this.body = json == null ? null : resolved(json.getJsonObject("schema"));
      this.bodyRequired = requestBody != null && requestBody.getBoolean("required", false);
      this.rawBody = operation.getString("x-raw-body");
    }

    List<Probe> probes() {
      uriVariants();
      parameters.forEach(this::parameterVariants);
      if (body != null) {
        jsonBodyVariants();
      }
      if (rawBody != null) {
        rawBodyVariants();
      }
      return probes;
    }

    private String path(Function<String, String> values) {
      String path = template;
      for (JsonObject parameter : parameters) {
        if ("path".equals(parameter.getString("in"))) {
          String name = parameter.getString("name");
          path = path.replace("{" + name + "}", values.apply(name));
        }
      }
      return path;
    }

    private String validPath() {
      return path(MalformedInputFuzzTest::validPathValue);
    }

    private void add(String variant, String uri, List<Map.Entry<String, String>> headers, Buffer body,
                     boolean raw) {
      probes.add(new Probe(id, variant, method, uri, headers, body, raw));
    }

    private void add(String variant, String uri) {
      add(variant, uri, List.of(), null, false);
    }

    /** What no operation accepts: text that is not text in the URI or a header, a URI or headers over the limits. */
    private void uriVariants() {
      String valid = validPath();
      add("NUL in a query parameter", valid + "?fuzz=nul%00inside");
      add("an encoded lone surrogate in a query parameter", valid + "?fuzz=Bad%20%ED%A0%80%20name");
      add("bytes that are not UTF-8 in a query parameter", valid + "?fuzz=%FF%FE");
      add("a broken percent escape in the query", valid + "?fuzz=%zz");
      add("a 10 KB query", valid + "?fuzz=" + TEN_KB);
      add("a 10 KB path", valid + "/" + TEN_KB);
      add("an oversized header", valid, List.of(Map.entry("X-Fuzz", "b".repeat(20_000))), null, false);
      add("NUL in a header", valid, List.of(Map.entry("X-Fuzz", "nul\u0000inside")), null, true);
      add("bytes that are not UTF-8 in the path", valid + "\u00ff\u00fe", List.of(), null, true);
    }

    private void parameterVariants(JsonObject parameter) {
      String name = parameter.getString("name");
      String in = parameter.getString("in");
      JsonObject schema = resolved(parameter.getJsonObject("schema", new JsonObject()));
      // in a header, the bytes of a surrogate are Latin-1 text, as HTTP reads header values; and 10 KB would only
      // repeat the oversized-header and 10 KB query variants above
      List<String> values = new ArrayList<>(List.of("nul%00inside", "%00"));
      if ("path".equals(in)) {
        values.addAll(List.of("Bad%20%ED%A0%80%20name", TEN_KB));
      } else if ("query".equals(in)) {
        values.add("Bad%20%ED%A0%80%20name");
      }
      if ("integer".equals(schema.getString("type"))) {
        values.addAll(List.of("1.0", "1e2", "%205", "abc", "", "-1", "99999999999999999999",
            "int64".equals(schema.getString("format")) ? "9223372036854775808" : "2147483648"));
      } else {
        if (schema.getJsonArray("enum") != null) {
          values.add("NOT_IN_THE_ENUM");
        }
        Integer maxLength = schema.getInteger("maxLength");
        if (maxLength != null && maxLength < 5000) {
          values.add("a".repeat(maxLength + 1));
        }
        if (schema.getString("pattern") != null) {
          values.add("not%20matching");
        }
      }
      for (String value : values) {
        String variant = name + "=" + abbreviated(value);
        switch (in) {
          case "path" -> add("path " + variant, path(n -> n.equals(name) ? value : validPathValue(n)));
          case "query" -> add("query " + variant, validPath() + "?" + name + "=" + value);
          case "header" -> add("header " + variant, validPath(), List.of(Map.entry(name,
              java.net.URLDecoder.decode(value, StandardCharsets.ISO_8859_1))), null, true);
          default -> {
          }
        }
      }
    }

    private void addBody(String variant, String contentType, Buffer bytes) {
      List<Map.Entry<String, String>> headers = contentType == null ? List.of()
          : List.of(Map.entry("Content-Type", contentType));
      add("body " + variant, validPath(), headers, bytes, false);
    }

    private void addJson(String variant, String json) {
      addBody(variant, "application/json", Buffer.buffer(json));
    }

    private void jsonBodyVariants() {
      if (bodyRequired) {
        addBody("missing", null, null);
        addJson("empty", "");
      }
      addJson("truncated", "{\"a\":");
      addJson("an array", "[1]");
      addJson("a number", "42");
      addJson("a string with NUL", "\"\\u0000\"");
      addJson("NUL in a property name", "{\"a\\u0000b\":1}");
      addJson("10,000 nested arrays", "[".repeat(10_000) + "]".repeat(10_000));
      addJson("100 KB of text", "{\"fuzz\":\"" + "x".repeat(100 * 1024) + "\"}");
      addBody("bytes that are not UTF-8", "application/json",
          Buffer.buffer("{\"fuzz\":\"").appendBytes(new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xed, (byte) 0xa0,
              (byte) 0x80}).appendString("\"}"));
      addBody("the wrong content type", "text/plain", Buffer.buffer("[1]"));
      addBody("form data", "application/x-www-form-urlencoded", Buffer.buffer("a=%00"));
      Object sample = sample(body);
      leaves(body, "", (pointer, leaf) -> {
        for (String mutation : mutations(leaf)) {
          addJson(pointer + " = " + abbreviated(mutation), mutated(sample, pointer, mutation));
        }
      });
    }

    private void rawBodyVariants() {
      String event = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261225\r\nSUMMARY:%s\r\nEND:VEVENT\r\n"
          + "END:VCALENDAR\r\n";
      addBody("missing", null, null);
      addBody("empty", rawBody, Buffer.buffer(""));
      addBody("an empty calendar", rawBody, Buffer.buffer("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"));
      addBody("a summary over 200 characters", rawBody, Buffer.buffer(event.formatted("x".repeat(201))));
      addBody("NUL in a summary", rawBody, Buffer.buffer(event.formatted("nul\u0000inside")));
      addBody("bytes that are not UTF-8", rawBody, Buffer.buffer(event.formatted("Bad "))
          .appendBytes(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}));
      addBody("an event without a date", rawBody, Buffer.buffer(
          "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"));
      addBody("an unreadable date", rawBody, Buffer.buffer(event.replace("20261225", "2026-99")));
      addBody("an event of a thousand days", rawBody, Buffer.buffer(event.formatted("Long")
          .replace("END:VEVENT", "DTEND;VALUE=DATE:20290920\r\nEND:VEVENT")));
      addBody("JSON", "application/json", Buffer.buffer("{\"day\":\"2026-12-25\"}"));
      addBody("100 KB", rawBody, Buffer.buffer(event.formatted("x".repeat(100 * 1024))));
    }
  }

  // ---- schema-driven body mutations ----

  private static String validPathValue(String name) {
    return switch (name) {
      case "number" -> number;
      case "id" -> commission;
      case "username" -> "fuzz-staff";
      case "day" -> "2026-12-25";
      case "name" -> "feed";
      default -> "fuzz";
    };
  }

  /** An instance of the schema's shape (not necessarily valid: every probe breaks it further anyway). */
  private static Object sample(JsonObject schema) {
    String type = schema.getString("type", schema.getJsonObject("properties") != null ? "object" : "string");
    if (schema.getJsonArray("enum") != null) {
      return schema.getJsonArray("enum").getValue(0);
    }
    return switch (type) {
      case "object" -> {
        JsonObject object = new JsonObject();
        schema.getJsonObject("properties", new JsonObject()).forEach(p ->
            object.put(p.getKey(), sample(resolved(p.getValue()))));
        yield object;
      }
      case "array" -> new JsonArray().add(sample(resolved(schema.getJsonObject("items", new JsonObject()))));
      case "integer" -> schema.getInteger("minimum", 1);
      case "boolean" -> true;
      default -> "a".repeat(Math.max(1, schema.getInteger("minLength", 1)));
    };
  }

  /** The schema or parameter, following local references ("#/components/...") through the contract. */
  @SuppressWarnings("unchecked")
  private static JsonObject resolved(Object value) {
    JsonObject current = value instanceof Map<?, ?> map ? new JsonObject((Map<String, Object>) map)
        : (JsonObject) value;
    while (current != null && current.getString("$ref") != null && current.getString("$ref").startsWith("#/")) {
      JsonObject target = contract;
      for (String part : current.getString("$ref").substring(2).split("/")) {
        target = target.getJsonObject(part);
      }
      current = target;
    }
    return current;
  }

  private static void leaves(JsonObject schema, String pointer, java.util.function.BiConsumer<String,
      JsonObject> visit) {
    visit.accept(pointer, schema);
    String type = schema.getString("type", schema.getJsonObject("properties") != null ? "object" : "string");
    if ("object".equals(type)) {
      schema.getJsonObject("properties", new JsonObject()).forEach(p -> leaves(resolved(p.getValue()),
          pointer + "/" + p.getKey(), visit));
    } else if ("array".equals(type)) {
      leaves(resolved(schema.getJsonObject("items", new JsonObject())), pointer + "/0", visit);
    }
  }

  /** Values the schema refuses, written as JSON text (a lone surrogate can only be sent as an escape). */
  private static List<String> mutations(JsonObject schema) {
    String type = schema.getString("type", schema.getJsonObject("properties") != null ? "object" : "string");
    List<String> mutations = new ArrayList<>();
    switch (type) {
      case "object" -> mutations.addAll(List.of("[]", "\"nul\\u0000inside\""));
      case "array" -> mutations.addAll(List.of("{}", "[\"nul\\u0000inside\"]"));
      case "integer" -> {
        mutations.addAll(List.of("1.5", "\"1\"", "\"nul\\u0000inside\""));
        if (schema.getValue("maximum") != null) {
          mutations.add("99999999999999999999");
        }
      }
      case "boolean" -> mutations.addAll(List.of("\"true\"", "\"nul\\u0000inside\""));
      default -> {
        mutations.addAll(List.of("\"nul\\u0000inside\"", "\"Bad \\ud800 name\"", "7"));
        Integer maxLength = schema.getInteger("maxLength");
        if (maxLength != null && maxLength < 30_000) {
          mutations.add("\"" + "a".repeat(maxLength + 1) + "\"");
        }
      }
    }
    return mutations;
  }

  private static String mutated(Object sample, String pointer, String mutation) {
    if (pointer.isEmpty()) {
      return mutation;
    }
    Object copy = sample instanceof JsonObject o ? o.copy() : ((JsonArray) sample).copy();
    Object parent = copy;
    String[] parts = pointer.substring(1).split("/");
    for (int i = 0; i < parts.length - 1; i++) {
      parent = parent instanceof JsonObject o ? o.getValue(parts[i]) : ((JsonArray) parent).getValue(
          Integer.parseInt(parts[i]));
    }
    String last = parts[parts.length - 1];
    if (parent instanceof JsonObject o) {
      o.put(last, "@@mutation@@");
    } else {
      ((JsonArray) parent).set(Integer.parseInt(last), "@@mutation@@");
    }
    return (copy instanceof JsonObject o ? o.encode() : ((JsonArray) copy).encode()).replace(MUTATION, mutation);
  }
}
