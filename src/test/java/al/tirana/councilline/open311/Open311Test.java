package al.tirana.councilline.open311;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.Eventually;
import al.tirana.councilline.support.SseClient;
import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@StartedApp
@DisplayName("Open311 GeoReport v2")
class Open311Test {

  private static final String DESCRIPTION = "Ndriçimi në rrugën e Kavajës është fikur prej një jave.\n"
      + "Fëmijët kalojnë në errësirë çdo mbrëmje; ju lutem ta rregulloni.";

  @StartedApp.Node private static TestApp app;
  @StartedApp.Admin private static String admin;
  @StartedApp.Commission("Komisioni i Rinisë") private static String commission;
  @StartedApp.Counselor(value = "Arta Hoxha", email = "arta.hoxha@tirana.al") private static String counselor;
  private static Open311Client open311;
  private static String arta;
  private static String key;

  @BeforeAll
  static void given() {
    open311 = new Open311Client(app);
    arta = app.createUser(admin, "arta", "COUNSELOR", counselor);
    key = createKey("FixMyStreet Tirana");
  }

  static String createKey(String name) {
    HttpResponse<Buffer> created = app.post("/api/admin/api-keys", admin, new JsonObject().put("name", name));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject().getString("key");
  }

  private static MultiMap form() {
    return MultiMap.caseInsensitiveMultiMap()
        .add("api_key", key)
        .add("service_code", "URBAN_PLANNING")
        .add("lat", "41.3275")
        .add("long", "19.8187")
        .add("address_string", "Rruga e Kavajës 10, Tiranë")
        .add("address_id", "7")
        .add("description", DESCRIPTION)
        .add("first_name", "Elira")
        .add("last_name", "Kolaj")
        .add("email", "elira.kolaj@example.al")
        .add("phone", "+355 69 123 4567")
        .add("media_url", "https://example.al/foto/ndricimi.jpg")
        .add("attribute[addressee]", "COMMISSION:" + commission)
        .add("attribute[kind]", "REQUEST");
  }

  private static String submitted(String format, HttpResponse<Buffer> response) throws Exception {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    JsonObject receipt = Open311Client.only(Open311Client.parse(format, response));
    assertThat(receipt.getString("service_request_id")).matches("TR-\\d{4}-\\d{6}");
    assertThat(receipt.getValue("account_id")).isNull();
    assertThat(receipt.getString("service_notice")).isNotBlank();
    return receipt.getString("service_request_id");
  }

  /** Every leaf as text, as XML carries it, so both formats can be compared. */
  private static Object asText(Object value) {
    if (value instanceof JsonObject object) {
      JsonObject copy = new JsonObject();
      object.forEach(e -> copy.put(e.getKey(), asText(e.getValue())));
      return copy;
    }
    if (value instanceof JsonArray array) {
      JsonArray copy = new JsonArray();
      array.forEach(v -> copy.add(asText(v)));
      return copy;
    }
    return value == null ? null : String.valueOf(value);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"json", "xml"})
  @DisplayName("a POST in either format makes a request that GET by id returns with every field, alike in both formats")
  void postThenGet(String format) throws Exception {
    String number = submitted(format, open311.post(format, form()));

    HttpResponse<Buffer> json = open311.get("requests/" + number + ".json?api_key=" + key);
    HttpResponse<Buffer> xml = open311.get("requests/" + number + ".xml?api_key=" + key);
    assertThat(json.getHeader("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertThat(xml.getHeader("Content-Type")).isEqualTo("text/xml; charset=utf-8");
    assertThat(xml.bodyAsString()).startsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?><service_requests><request>");
    JsonObject record = Open311Client.only(Open311Client.parse("json", json));
    assertThat(asText(Open311Client.only(Open311Client.parse("xml", xml)))).isEqualTo(asText(record));

    assertThat(record.getString("service_request_id")).isEqualTo(number);
    assertThat(record.getString("status")).isEqualTo("open");
    assertThat(record.getString("service_code")).isEqualTo("URBAN_PLANNING");
    assertThat(record.getString("service_name")).isEqualTo("Planifikimi urban");
    assertThat(record.getString("description")).isEqualTo(DESCRIPTION);
    assertThat(record.getString("agency_responsible")).isEqualTo("Komisioni i Rinisë");
    assertThat(record.getString("address")).isEqualTo("Rruga e Kavajës 10, Tiranë");
    assertThat(record.getString("address_id")).isEqualTo("7");
    assertThat(record.getDouble("lat")).isEqualTo(41.3275);
    assertThat(record.getDouble("long")).isEqualTo(19.8187);
    assertThat(record.getString("media_url")).isEqualTo("https://example.al/foto/ndricimi.jpg");
    OffsetDateTime requested = OffsetDateTime.parse(record.getString("requested_datetime"));
    assertThat(Duration.between(requested.toInstant(), java.time.Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
    assertThat(OffsetDateTime.parse(record.getString("updated_datetime"))).isAfterOrEqualTo(requested);
    assertThat(OffsetDateTime.parse(record.getString("expected_datetime"))).isAfter(requested);
    assertThat(record.getString("requested_datetime")).as("Tirana's offset, not local time labelled Z")
        .matches(".*\\+0[12]:00$");

    JsonObject view = app.get("/api/requests/" + number, admin).bodyAsJsonObject();
    assertThat(view.getString("channel")).isEqualTo("API");
    assertThat(view.getJsonObject("location")).isEqualTo(new JsonObject().put("lat", 41.3275).put("long", 19.8187)
        .put("address", "Rruga e Kavajës 10, Tiranë"));
    assertThat(view.getString("body")).isEqualTo(DESCRIPTION);
    assertThat(app.get("/api/requests/" + number, null).bodyAsJsonObject().getJsonObject("location"))
        .as("the place is public").isEqualTo(view.getJsonObject("location"));
    Eventually.eventually(() -> app.get("/api/open-data/requests.json", null).bodyAsJsonObject()
        .getJsonArray("requests").stream().map(JsonObject.class::cast)
        .anyMatch(r -> number.equals(r.getString("number")) && Double.valueOf(41.3275).equals(r.getDouble("latitude"))
            && "Rruga e Kavajës 10, Tiranë".equals(r.getString("address")) && r.getInteger("administrative_unit") == 7
            && "API".equals(r.getString("channel"))));
    Eventually.eventually(() -> app.get("/api/stats?unit=7", null).bodyAsJsonObject().getInteger("received", 0) > 0);
    JsonObject audited = app.get("/api/audit/events?number=" + number,
        app.createUser(admin, "auditor." + format, "AUDITOR", null)).bodyAsJsonObject().getJsonArray("items")
        .getJsonObject(0);
    assertThat(audited.getString("type")).isEqualTo("RequestSubmitted");
    assertThat(audited.getString("actor")).isEqualTo("FixMyStreet Tirana");
    assertThat(audited.getString("role")).isEqualTo("SYSTEM");
    assertThat(audited.getString("channel")).isEqualTo("API");
  }

  @Test
  @DisplayName("a description of exactly 4,000 Albanian letters is accepted whole")
  void longestDescription() throws Exception {
    String longest = "ë".repeat(3_999) + "ç";
    String number = submitted("json", open311.post("json", form().set("description", longest)));
    assertThat(Open311Client.only(Open311Client.parse("json",
        open311.get("requests/" + number + ".json?api_key=" + key))).getString("description")).isEqualTo(longest);
  }

  @Test
  @DisplayName("attribute[code] keys are understood raw as well as percent-encoded")
  void rawBrackets() throws Exception {
    Map<String, String> raw = new LinkedHashMap<>();
    form().forEach(e -> raw.put(e.getKey(), e.getValue()));
    raw.put("attribute[kind]", "PROPOSAL");
    String number = submitted("json", open311.postRaw("json", raw));
    JsonObject view = app.get("/api/requests/" + number, admin).bodyAsJsonObject();
    assertThat(view.getString("kind")).isEqualTo("PROPOSAL");
    assertThat(view.getJsonObject("addressee").getString("id")).isEqualTo(commission);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"json", "xml"})
  @DisplayName("each refusal has the spec's status and error document in the format asked for, and stores nothing")
  void refusals(String format) throws Exception {
    Map<String, Object[]> cases = new LinkedHashMap<>();
    cases.put("no key", new Object[] {403, form().remove("api_key")});
    cases.put("wrong key", new Object[] {403, form().set("api_key", "cl311_not-a-key")});
    cases.put("no service_code", new Object[] {400, form().remove("service_code")});
    cases.put("unknown service", new Object[] {404, form().set("service_code", "POTHOLES")});
    cases.put("no location", new Object[] {400, form().remove("lat").remove("long").remove("address_string")
        .remove("address_id")});
    cases.put("lat without long", new Object[] {400, form().remove("long")});
    cases.put("lat 95", new Object[] {400, form().set("lat", "95")});
    cases.put("long 200", new Object[] {400, form().set("long", "200")});
    cases.put("description of 4,001 characters", new Object[] {400, form().set("description", "ë".repeat(4_001))});
    cases.put("missing required attribute", new Object[] {400, form().remove("attribute[addressee]")});
    cases.put("addressee not in the list", new Object[] {400, form().set("attribute[addressee]", "COMMISSION:x")});
    cases.put("kind not in the list", new Object[] {400, form().set("attribute[kind]", "COMPLAINT")});
    cases.put("empty Idempotency-Key", new Object[] {400, form(), ""});
    cases.put("Idempotency-Key of 201 characters", new Object[] {400, form(), "k".repeat(201)});
    cases.put("Idempotency-Key with a space", new Object[] {400, form(), "two words"});
    cases.put("Idempotency-Key not in ASCII", new Object[] {400, form(), "çelës"});
    long events = app.eventCount();
    for (Map.Entry<String, Object[]> refusal : cases.entrySet()) {
      int status = (Integer) refusal.getValue()[0];
      String idempotencyKey = refusal.getValue().length > 2 ? (String) refusal.getValue()[2] : null;
      HttpResponse<Buffer> response = open311.post(format, (MultiMap) refusal.getValue()[1], idempotencyKey);
      String label = refusal.getKey() + ": " + response.bodyAsString();
      assertThat(response.statusCode()).as(label).isEqualTo(status);
      assertThat(response.getHeader("Content-Type")).as(label)
          .isEqualTo(format.equals("json") ? "application/json; charset=utf-8" : "text/xml; charset=utf-8");
      if (format.equals("xml")) {
        assertThat(response.bodyAsString()).as(label).startsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
            + "<errors><error><code>" + status + "</code><description>");
      }
      JsonObject error = Open311Client.only(Open311Client.parse(format, response));
      assertThat(error.getValue("code").toString()).as(label).isEqualTo(String.valueOf(status));
      assertThat(error.getString("description")).as(label).isNotBlank();
    }
    assertThat(app.eventCount()).as("nothing stored").isEqualTo(events);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"json", "xml"})
  @DisplayName("a POST sent again with the same Idempotency-Key makes one request and gets the first receipt again, "
      + "in the same format, marked as replayed")
  void retryWithSameKey(String format) throws Exception {
    String idempotencyKey = UUID.randomUUID().toString();
    long requests = requests();
    long submissions = submissions();
    HttpResponse<Buffer> first = open311.post(format, form(), idempotencyKey);
    HttpResponse<Buffer> repeat = open311.post(format, form(), idempotencyKey);

    String number = submitted(format, first);
    assertThat(submitted(format, repeat)).isEqualTo(number);
    assertThat(first.getHeader("Idempotent-Replayed")).isNull();
    assertThat(repeat.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(repeat.getHeader("Content-Type")).isEqualTo(first.getHeader("Content-Type"));
    assertThat(repeat.bodyAsString()).as("the same document").isEqualTo(first.bodyAsString());
    if (format.equals("xml")) {
      assertThat(repeat.bodyAsString()).startsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?><service_requests>");
    }
    assertThat(requests()).isEqualTo(requests + 1);
    assertThat(submissions()).isEqualTo(submissions + 1);
  }

  @Test
  @DisplayName("the same Idempotency-Key with another description is refused with a GeoReport 400 and stores nothing; "
      + "the key still answers for the first")
  void sameKeyOtherForm() throws Exception {
    String idempotencyKey = UUID.randomUUID().toString();
    String number = submitted("json", open311.post("json", form(), idempotencyKey));
    long requests = requests();
    long events = app.eventCount();

    HttpResponse<Buffer> reused = open311.post("json", form().set("description", "Another complaint"), idempotencyKey);
    assertThat(reused.statusCode()).as(reused.bodyAsString()).isEqualTo(400);
    assertThat(reused.getHeader("Content-Type")).isEqualTo("application/json; charset=utf-8");
    JsonObject error = Open311Client.only(Open311Client.parse("json", reused));
    assertThat(error.getInteger("code")).isEqualTo(400);
    assertThat(error.getString("description")).contains("Idempotency-Key");
    assertThat(requests()).isEqualTo(requests);
    assertThat(app.eventCount()).isEqualTo(events);
    assertThat(submitted("json", open311.post("json", form(), idempotencyKey))).isEqualTo(number);
  }

  @Test
  @DisplayName("two integrators, and a citizen, that send the same Idempotency-Key make a request each")
  void keysAreTheIntegratorsOwn() throws Exception {
    String other = createKey("Mark-a-Spot Tirana");
    String idempotencyKey = "retry-" + UUID.randomUUID();
    long requests = requests();

    String mine = submitted("json", open311.post("json", form(), idempotencyKey));
    HttpResponse<Buffer> fromOther = open311.post("json", form().set("api_key", other), idempotencyKey);
    HttpResponse<Buffer> fromCitizen = app.send(app.client().post("/api/requests")
        .putHeader("Idempotency-Key", idempotencyKey), null, TestApp.submission("COMMISSION", commission));

    assertThat(fromOther.getHeader("Idempotent-Replayed")).isNull();
    String theirs = submitted("json", fromOther);
    assertThat(fromCitizen.statusCode()).as(fromCitizen.bodyAsString()).isEqualTo(201);
    assertThat(fromCitizen.getHeader("Idempotent-Replayed")).isNull();
    assertThat(List.of(mine, theirs, fromCitizen.bodyAsJsonObject().getString("number"))).doesNotHaveDuplicates();
    assertThat(requests()).isEqualTo(requests + 3);
    assertThat(submitted("json", open311.post("json", form().set("api_key", other), idempotencyKey)))
        .as("each key still answers for its own integrator").isEqualTo(theirs);
  }

  @Test
  @DisplayName("a POST sent three times at once with one Idempotency-Key makes one request, and all three get its "
      + "service_request_id")
  void sameKeyAtOnce() throws Exception {
    String idempotencyKey = UUID.randomUUID().toString();
    long requests = requests();
    List<Future<HttpResponse<Buffer>>> copies = List.of(open311.postAsync("xml", form(), idempotencyKey),
        open311.postAsync("xml", form(), idempotencyKey), open311.postAsync("xml", form(), idempotencyKey));
    Future.join(copies).await();

    List<String> numbers = new java.util.ArrayList<>();
    for (Future<HttpResponse<Buffer>> copy : copies) {
      numbers.add(submitted("xml", copy.result()));
    }
    assertThat(numbers).containsOnly(numbers.get(0));
    assertThat(copies.stream().filter(copy -> copy.result().getHeader("Idempotent-Replayed") == null))
        .as("one first answer").hasSize(1);
    assertThat(requests()).isEqualTo(requests + 1);
  }

  @Test
  @DisplayName("a POST sent to two nodes at once with one Idempotency-Key makes one request, and both get its "
      + "service_request_id")
  void sameKeyOnTwoNodes(Vertx vertx) throws Exception {
    try (TestApp node = TestApp.onDatabase(vertx, app.databaseUrl())) {
      Open311Client otherNode = new Open311Client(node);
      int pairs = 8;
      long requests = requests();
      List<Future<HttpResponse<Buffer>>> onFirst = new java.util.ArrayList<>();
      List<Future<HttpResponse<Buffer>>> onSecond = new java.util.ArrayList<>();
      for (int i = 0; i < pairs; i++) {
        String idempotencyKey = UUID.randomUUID().toString();
        MultiMap form = form().set("description", "Pair " + i);
        onFirst.add(open311.postAsync("json", form, idempotencyKey));
        onSecond.add(otherNode.postAsync("json", form, idempotencyKey));
      }
      Future.join(Future.join(onFirst), Future.join(onSecond)).await();

      for (int i = 0; i < pairs; i++) {
        assertThat(submitted("json", onSecond.get(i).result())).as("pair " + i)
            .isEqualTo(submitted("json", onFirst.get(i).result()));
      }
      assertThat(requests()).isEqualTo(requests + pairs);
    }
  }

  private static long requests() throws Exception {
    return app.count("SELECT count(*) FROM request_view");
  }

  private static long submissions() throws Exception {
    return app.count("SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%RequestSubmitted'");
  }

  @Test
  @DisplayName("the list filters: an id list overrides the rest; service_code, status and dates with Z and +01:00")
  void filters() throws Exception {
    String youth = submitted("json", open311.post("json", form().set("service_code", "YOUTH")));
    String transport = submitted("json", open311.post("json", form().set("service_code", "TRANSPORT")));
    app.post("/api/requests/" + transport + "/reject", admin, new JsonObject().put("reason", "Duplicate"));

    assertThat(numbers("requests.json?service_request_id=" + youth + "," + transport + "&service_code=FINANCE"
        + "&status=closed")).containsExactlyInAnyOrder(youth, transport);
    assertThat(numbers("requests.json?service_code=YOUTH")).contains(youth).doesNotContain(transport);
    assertThat(numbers("requests.json?status=closed")).contains(transport).doesNotContain(youth);
    assertThat(numbers("requests.json?status=open")).contains(youth).doesNotContain(transport);
    assertThat(numbers("requests.json?status=open,closed")).contains(youth, transport);

    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    String inZ = "start_date=" + now.minusMinutes(5).withNano(0) + "&end_date=" + now.plusMinutes(5).withNano(0);
    assertThat(inZ).contains("Z");
    assertThat(numbers("requests.json?" + inZ)).contains(youth, transport);
    OffsetDateTime plusOne = now.withOffsetSameInstant(ZoneOffset.ofHours(1)).withNano(0);
    String inPlusOne = "start_date=" + encode(plusOne.minusMinutes(5)) + "&end_date=" + encode(plusOne.plusMinutes(5));
    assertThat(numbers("requests.json?" + inPlusOne)).contains(youth, transport);
    String before = "end_date=" + encode(plusOne.minusMinutes(5));
    assertThat(numbers("requests.json?" + before)).doesNotContain(youth, transport);

    for (String bad : List.of("status=pending", "start_date=yesterday", "end_date=2026-12-01T10:00:00")) {
      HttpResponse<Buffer> refused = open311.get("requests.xml?" + bad);
      assertThat(refused.statusCode()).as(bad).isEqualTo(400);
      assertThat(refused.bodyAsString()).as(bad).contains("<errors><error><code>400</code>");
    }
    assertThat(open311.get("requests/TR-2020-999999.json").statusCode()).isEqualTo(404);
    assertThat(open311.get("tokens/abc123.xml").statusCode()).isEqualTo(404);
  }

  private static String encode(OffsetDateTime time) {
    return java.net.URLEncoder.encode(time.toString(), java.nio.charset.StandardCharsets.UTF_8);
  }

  private static List<String> numbers(String path) throws Exception {
    HttpResponse<Buffer> response = open311.get(path);
    assertThat(response.statusCode()).as(path + " " + response.bodyAsString()).isEqualTo(200);
    return ((JsonArray) Open311Client.parse("json", response)).stream()
        .map(r -> ((JsonObject) r).getString("service_request_id")).toList();
  }

  @Test
  @DisplayName("a public read has no personal data; the submitting integrator's read has the description as sent")
  void privacy() throws Exception {
    String number = submitted("xml", open311.post("xml", form()));
    for (String read : List.of("requests/" + number + ".json", "requests/" + number + ".xml", "requests.json",
        "requests.xml", "requests/" + number + ".json?api_key=" + createKey("Another City App"))) {
      String body = open311.get(read).bodyAsString();
      assertThat(body).as(read).contains(number).doesNotContain("Elira").doesNotContain("Kolaj")
          .doesNotContain("elira.kolaj").doesNotContain("123 4567").doesNotContain("Ndriçimi")
          .doesNotContain("ndricimi.jpg");
    }
    JsonObject own = Open311Client.only(Open311Client.parse("xml",
        open311.get("requests/" + number + ".xml?api_key=" + key)));
    assertThat(own.getString("description")).isEqualTo(DESCRIPTION);
    assertThat(own.getString("description").getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(DESCRIPTION.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("a request submitted through Open311 reaches the counselor's inbox stream, the public feed and the SLA timers")
  void likeAnyOther() throws Exception {
    long timers = app.count("SELECT count(*) FROM scheduled_tasks");
    String number = submitted("json", open311.post("json", form()));
    assertThat(app.count("SELECT count(*) FROM scheduled_tasks")).isEqualTo(timers + 2);
    int port = app.config().httpPort();
    try (SseClient inbox = SseClient.connect(app.vertx(), port, "/api/inbox/stream", arta, 0L);
         SseClient feed = SseClient.connect(app.vertx(), port, "/api/feed/stream", null, 0L)) {
      assertThat(inbox.await(e -> number.equals(e.data().getString("number")), Duration.ofSeconds(10))).isNotNull();
      assertThat(feed.await(e -> number.equals(e.data().getString("number")), Duration.ofSeconds(10))).isNotNull();
    }
  }

  @Test
  @DisplayName("discovery, services and a service definition answer in both formats; an unknown service is 404")
  void servicesAndDiscovery() throws Exception {
    JsonObject discovery = (JsonObject) Open311Client.parse("json", open311.get("discovery.json"));
    JsonObject endpoint = discovery.getJsonArray("endpoints").getJsonObject(0);
    assertThat(endpoint.getString("specification")).isEqualTo("http://wiki.open311.org/GeoReport_v2");
    assertThat(endpoint.getJsonArray("formats")).containsExactly("text/xml", "application/json");
    assertThat(asText(Open311Client.parse("xml", open311.get("discovery.xml")))).isEqualTo(asText(discovery));

    JsonArray services = (JsonArray) Open311Client.parse("json", open311.get("services.json"));
    assertThat(services).hasSize(10);
    JsonObject youth = services.stream().map(JsonObject.class::cast)
        .filter(s -> s.getString("service_code").equals("YOUTH")).findFirst().orElseThrow();
    assertThat(youth.getString("service_name")).isEqualTo("Rinia");
    assertThat(youth.getBoolean("metadata")).isTrue();
    assertThat(youth.getString("type")).isEqualTo("realtime");
    assertThat(youth.getString("group")).isNotBlank();
    assertThat(asText(Open311Client.parse("xml", open311.get("services.xml")))).isEqualTo(asText(services));
    JsonArray english = (JsonArray) Open311Client.parse("json", open311.get("services.json?locale=en"));
    assertThat(english.stream().map(JsonObject.class::cast).map(s -> s.getString("service_name"))).contains("Youth");

    JsonObject definition = (JsonObject) Open311Client.parse("json", open311.get("services/YOUTH.json"));
    JsonArray attributes = definition.getJsonArray("attributes");
    assertThat(attributes.stream().map(a -> ((JsonObject) a).getString("code")))
        .containsExactly("addressee", "kind", "subject");
    JsonObject addressee = attributes.getJsonObject(0);
    assertThat(addressee.getBoolean("required")).isTrue();
    assertThat(addressee.getString("datatype")).isEqualTo("singlevaluelist");
    assertThat(addressee.getJsonArray("values").getJsonObject(0).getString("key"))
        .isEqualTo("COMMISSION:" + commission);
    assertThat(asText(Open311Client.parse("xml", open311.get("services/YOUTH.xml")))).isEqualTo(asText(definition));
    HttpResponse<Buffer> unknown = open311.get("services/POTHOLES.xml");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.bodyAsString()).contains("<errors><error><code>404</code>");
  }
}
