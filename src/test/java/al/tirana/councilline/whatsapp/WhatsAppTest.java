package al.tirana.councilline.whatsapp;

import static al.tirana.councilline.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.platform.config.Config;
import al.tirana.councilline.platform.keys.MasterKey;
import al.tirana.councilline.support.StoredRows;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The tests play Meta's side: signed webhook deliveries as documented, and a fake Graph API that records messages. */
@DisplayName("WhatsApp channel")
class WhatsAppTest {

  private static final String PHONE_NUMBER_ID = "106540352242922";
  private static final String APP_SECRET = "the-app-secret-of-the-test";
  private static final String VERIFY_TOKEN = "verify-token-of-the-test";
  private static final Pattern NUMBER = Pattern.compile("TR-\\d{4}-\\d{6}");
  private static final Pattern ACCESS_CODE = Pattern.compile("aksesit: ([A-Z0-9]{12})");
  private static final AtomicInteger WAMIDS = new AtomicInteger();
  private static final String RECORDED_BEFORE_STOP = "355671111111";

  private static Vertx vertx;
  private static FakeGraphApi graph;
  private static TestApp app;
  private static String admin;
  private static String commission;
  private static HttpResponse<Buffer> whileOff;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    graph = new FakeGraphApi(vertx);
    String databaseUrl;
    // the default addressee is a commission of the directory, so the node is started again once it exists
    try (TestApp first = TestApp.onFreshDatabase(vertx)) {
      commission = first.createCommission(first.adminToken(), "Sekretaria e Këshillit");
      databaseUrl = first.databaseUrl();
      whileOff = first.post("/webhooks/whatsapp", null, "{}");
    }
    // a delivery the webhook recorded and acknowledged just before the node went down, not yet handled
    byte[] recorded = text(RECORDED_BEFORE_STOP, "Vera Kola", wamid(), "Parku i lojërave në Laprakë është i prishur")
        .encode().getBytes(StandardCharsets.UTF_8);
    WhatsAppKeys keys = new WhatsAppKeys(MasterKey.configured(Config.from(TestApp.env(Map.of()))).orElseThrow());
    try (Connection c = TestApp.jdbc(databaseUrl);
         var insert = c.prepareStatement("INSERT INTO whatsapp_inbox (sealed_body) VALUES (?)")) {
      insert.setBytes(1, keys.sealDelivery(recorded));
      insert.executeUpdate();
    }
    app = TestApp.onDatabase(vertx, databaseUrl, Map.of(
        "WHATSAPP_PHONE_NUMBER_ID", PHONE_NUMBER_ID,
        "WHATSAPP_ACCESS_TOKEN", "EAAG-test-token",
        "WHATSAPP_APP_SECRET", APP_SECRET,
        "WHATSAPP_VERIFY_TOKEN", VERIFY_TOKEN,
        "WHATSAPP_GRAPH_URL", "http://localhost:" + graph.port() + "/v23.0",
        "WHATSAPP_DEFAULT_ADDRESSEE", commission,
        "WHATSAPP_TEMPLATE_UPDATE", "perditesim_kerkese",
        "WHATSAPP_TEMPLATE_LANGUAGE", "sq",
        "MAIL_RETRY_SECONDS", "1"));
    admin = app.adminToken();
    // the delivery recorded before the start is handled now; the tests that count requests begin once it is
    eventually(() -> app.count("SELECT count(*) FROM whatsapp_inbox WHERE status <> 'DONE'") == 0);
  }

  @AfterAll
  static void stop() {
    app.close();
    graph.close();
    vertx.close().await();
  }

  // ---- Meta's side ----

  private static String wamid() {
    return "wamid.HBgLMzU1NjkxMjM0NTY3FQIAEhgg" + WAMIDS.incrementAndGet();
  }

  /** The documented envelope around one change value for this council's phone number id. */
  private static JsonObject envelope(JsonObject value, String phoneNumberId) {
    return new JsonObject().put("object", "whatsapp_business_account").put("entry", new JsonArray().add(
        new JsonObject().put("id", "102290129340398").put("changes", new JsonArray().add(new JsonObject()
            .put("field", "messages")
            .put("value", value.put("messaging_product", "whatsapp").put("metadata", new JsonObject()
                .put("display_phone_number", "355692000000").put("phone_number_id", phoneNumberId)))))));
  }

  private static JsonObject message(String waId, String name, String wamid, String type, JsonObject content) {
    JsonObject message = new JsonObject().put("from", waId).put("id", wamid).put("timestamp", "1764870000")
        .put("type", type);
    if (content != null) {
      message.put(type, content);
    }
    return envelope(new JsonObject()
        .put("contacts", new JsonArray().add(new JsonObject().put("profile", new JsonObject().put("name", name))
            .put("wa_id", waId)))
        .put("messages", new JsonArray().add(message)), PHONE_NUMBER_ID);
  }

  private static JsonObject text(String waId, String name, String wamid, String body) {
    return message(waId, name, wamid, "text", new JsonObject().put("body", body));
  }

  private static JsonObject status(String outboundId, String waId, String status) {
    return envelope(new JsonObject().put("statuses", new JsonArray().add(new JsonObject().put("id", outboundId)
        .put("status", status).put("timestamp", "1764870100").put("recipient_id", waId))), PHONE_NUMBER_ID);
  }

  private static String signature(String secret, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
  }

  private static HttpResponse<Buffer> post(byte[] body, String signature) {
    var request = app.client().post("/webhooks/whatsapp").putHeader("Content-Type", "application/json");
    if (signature != null) {
      request.putHeader("X-Hub-Signature-256", signature);
    }
    return request.sendBuffer(Buffer.buffer(body)).await();
  }

  /** Delivers signed, as Meta does, and waits until the node has handled every delivery it recorded. */
  private static void deliver(JsonObject delivery) throws Exception {
    byte[] body = delivery.encode().getBytes(StandardCharsets.UTF_8);
    HttpResponse<Buffer> response = post(body, signature(APP_SECRET, body));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    eventually(() -> app.count("SELECT count(*) FROM whatsapp_inbox WHERE status <> 'DONE'") == 0);
  }

  private static long requests() throws Exception {
    return app.count("SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%RequestSubmitted'");
  }

  private static FakeGraphApi.Sent onlyMessageTo(String waId) throws Exception {
    eventually(() -> !graph.sentTo(waId).isEmpty());
    List<FakeGraphApi.Sent> sent = graph.sentTo(waId);
    assertThat(sent).hasSize(1);
    return sent.get(0);
  }

  /** A new request made from a text; answers its number and access code, read from the WhatsApp receipt. */
  private static String[] newRequest(String waId, String name, String body) throws Exception {
    deliver(text(waId, name, wamid(), body));
    String receipt = onlyMessageTo(waId).text();
    Matcher number = NUMBER.matcher(receipt);
    Matcher code = ACCESS_CODE.matcher(receipt);
    assertThat(number.find()).as(receipt).isTrue();
    assertThat(code.find()).as(receipt).isTrue();
    return new String[] {number.group(), code.group(1)};
  }

  private static JsonObject view(String number) {
    HttpResponse<Buffer> response = app.get("/api/requests/" + number, admin);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static List<String> timelineTypes(String number) {
    return view(number).getJsonArray("timeline").stream().map(e -> ((JsonObject) e).getString("type")).toList();
  }

  private static JsonObject outboxRow(String number, String template) {
    return app.get("/api/admin/outbox?number=" + number, admin).bodyAsJsonObject().getJsonArray("items").stream()
        .map(JsonObject.class::cast)
        .filter(m -> "WHATSAPP".equals(m.getString("channel")) && template.equals(m.getString("template")))
        .findFirst().orElse(null);
  }

  // ---- the tests ----

  @Test
  @DisplayName("the handshake answers the challenge for the right verify token and 403 for a wrong one; "
      + "while the channel is off the webhook is 404")
  void handshake() {
    HttpResponse<Buffer> right = app.get("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=" + VERIFY_TOKEN
        + "&hub.challenge=1158201444", null);
    assertThat(right.statusCode()).isEqualTo(200);
    assertThat(right.getHeader("Content-Type")).startsWith("text/plain");
    assertThat(right.bodyAsString()).isEqualTo("1158201444");

    HttpResponse<Buffer> wrong = app.get("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=guess"
        + "&hub.challenge=1158201444", null);
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(wrong.bodyAsJsonObject().getString("error")).isEqualTo("FORBIDDEN");
    assertThat(wrong.bodyAsString()).doesNotContain("1158201444");

    assertThat(whileOff.statusCode()).isEqualTo(404);
    assertThat(whileOff.bodyAsJsonObject().getString("error")).isEqualTo("NOT_FOUND");
  }

  @Test
  @DisplayName("a delivery without a signature, signed with another secret or with one byte changed is refused "
      + "and creates nothing; a valid one is acknowledged and handled")
  void signature() throws Exception {
    byte[] body = text("355690000001", "Drita Hoxha", wamid(), "Ndriçimi në rrugën Myslym Shyri nuk punon")
        .encode().getBytes(StandardCharsets.UTF_8);
    long inbox = app.count("SELECT count(*) FROM whatsapp_inbox");
    long submitted = requests();

    HttpResponse<Buffer> missing = post(body, null);
    HttpResponse<Buffer> otherSecret = post(body, signature("another-secret", body));
    byte[] changed = body.clone();
    changed[changed.length - 10] = (byte) (changed[changed.length - 10] ^ 1);
    HttpResponse<Buffer> oneByte = post(changed, signature(APP_SECRET, body));
    for (HttpResponse<Buffer> refused : List.of(missing, otherSecret, oneByte)) {
      assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(401);
      assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("UNAUTHORIZED");
    }
    assertThat(app.count("SELECT count(*) FROM whatsapp_inbox")).isEqualTo(inbox);

    HttpResponse<Buffer> valid = post(body, signature(APP_SECRET, body));
    assertThat(valid.statusCode()).isEqualTo(200);
    eventually(() -> requests() == submitted + 1);
    onlyMessageTo("355690000001");
  }

  @Test
  @DisplayName("a text creates exactly one WhatsApp request, sealed, answered once in reply to it with the number, "
      + "the access code and buttons; the same delivery again creates and sends nothing")
  void textCreatesRequest() throws Exception {
    String waId = "355692222222";
    String wamid = wamid();
    long before = requests();
    JsonObject delivery = text(waId, "Arbër Gjoka Kelmendi", wamid,
        "Kontejnerët e mbeturinave në Kombinat nuk janë zbrazur prej një jave\nJu lutem ndërhyni.");
    deliver(delivery);
    FakeGraphApi.Sent reply = onlyMessageTo(waId);
    assertThat(requests()).isEqualTo(before + 1);

    assertThat(reply.path()).isEqualTo("/v23.0/" + PHONE_NUMBER_ID + "/messages");
    assertThat(reply.authorization()).isEqualTo("Bearer EAAG-test-token");
    assertThat(reply.body().getString("messaging_product")).isEqualTo("whatsapp");
    assertThat(reply.body().getJsonObject("context").getString("message_id")).isEqualTo(wamid);
    Matcher number = NUMBER.matcher(reply.text());
    assertThat(number.find()).as(reply.text()).isTrue();
    assertThat(reply.text()).startsWith("Faleminderit, Arbër! ").contains("/#/track/" + number.group())
        .containsPattern(ACCESS_CODE);
    JsonArray buttons = reply.body().getJsonObject("interactive").getJsonObject("action").getJsonArray("buttons");
    assertThat(buttons).hasSize(2);
    buttons.forEach(b -> {
      JsonObject button = ((JsonObject) b).getJsonObject("reply");
      assertThat(button.getString("id")).isNotBlank();
      assertThat(button.getString("title").length()).isBetween(1, 20);
    });

    JsonObject view = view(number.group());
    assertThat(view.getString("channel")).isEqualTo("WHATSAPP");
    assertThat(view.getString("kind")).isEqualTo("MESSAGE");
    assertThat(view.getString("priority")).isEqualTo("NORMAL");
    assertThat(view.getJsonObject("addressee").getString("id")).isEqualTo(commission);
    assertThat(view.getString("subject")).isEqualTo("Kontejnerët e mbeturinave në Kombinat nuk janë zbrazur prej "
        + "një jave");
    assertThat(view.getJsonObject("citizen").getString("firstName")).isEqualTo("Arbër");
    assertThat(view.getJsonObject("citizen").getString("lastName")).isEqualTo("Gjoka Kelmendi");
    assertThat(view.getJsonObject("citizen").getString("phone")).isEqualTo(waId);
    assertThat(app.count("SELECT count(*) FROM domain_event_entry WHERE convert_from(payload, 'UTF8') LIKE ? "
        + "OR convert_from(payload, 'UTF8') LIKE ?", "%Gjoka%", "%" + waId + "%")).isZero();
    assertThat(app.get("/api/requests/" + number.group(), null).bodyAsString()).doesNotContain("Gjoka", waId);

    deliver(delivery);
    assertThat(requests()).isEqualTo(before + 1);
    assertThat(graph.sentTo(waId)).hasSize(1);
  }

  @Test
  @DisplayName("a citizen whose profile gives no name is thanked without one, and no name is made up for them")
  void namelessProfile() throws Exception {
    String waId = "355692222299";
    deliver(text(waId, null, wamid(), "Ndriçimi në rrugën e Durrësit nuk punon"));
    FakeGraphApi.Sent reply = onlyMessageTo(waId);
    assertThat(reply.text()).startsWith("Faleminderit! Mesazhi juaj u regjistrua").doesNotContain("{", "—");
    Matcher number = NUMBER.matcher(reply.text());
    assertThat(number.find()).as(reply.text()).isTrue();
    JsonObject citizen = view(number.group()).getJsonObject("citizen");
    assertThat(citizen.getString("firstName")).isNull();
    assertThat(citizen.getString("lastName")).isNull();
    assertThat(citizen.getString("phone")).isEqualTo(waId);
  }

  @Test
  @DisplayName("a second text is added to the open request, and a text while the council awaits the citizen "
      + "is the answer that resumes the clock")
  void followUps() throws Exception {
    String waId = "355693333333";
    String number = newRequest(waId, "Elona Shehu", "Pema në parkun e Liqenit ka rënë mbi shteg")[0];
    long before = requests();

    deliver(text(waId, "Elona Shehu", wamid(), "Po ju dërgoj edhe vendndodhjen: pranë urës."));
    assertThat(requests()).isEqualTo(before);
    JsonObject added = view(number).getJsonArray("timeline").stream().map(JsonObject.class::cast)
        .filter(e -> "CitizenMessageAdded".equals(e.getString("type"))).findFirst().orElseThrow();
    assertThat(added.getJsonObject("detail").getString("message")).isEqualTo("Po ju dërgoj edhe vendndodhjen: "
        + "pranë urës.");
    assertThat(app.get("/api/requests/" + number, null).bodyAsString()).doesNotContain("pranë urës");

    assertThat(app.post("/api/requests/" + number + "/await-citizen", admin,
        new JsonObject().put("message", "Në cilën hyrje të parkut?")).statusCode()).isEqualTo(200);
    eventually(() -> graph.sentTo(waId).size() == 2);
    assertThat(graph.sentTo(waId).get(1).text()).contains("Në cilën hyrje të parkut?");

    deliver(text(waId, "Elona Shehu", wamid(), "Hyrja nga Rruga e Elbasanit."));
    JsonObject view = view(number);
    assertThat(view.getString("status")).isEqualTo("SUBMITTED");
    assertThat(timelineTypes(number)).containsSubsequence("CitizenInformationRequested", "CitizenAnswered",
        "SlaClockStarted");
    JsonArray pauses = view.getJsonObject("due").getJsonArray("pauses");
    assertThat(pauses.getJsonObject(pauses.size() - 1).getString("to")).isNotNull();
    assertThat(requests()).isEqualTo(before);
  }

  @Test
  @DisplayName("a reply button is routed by its id, not its title; a sticker creates nothing and is explained once")
  void buttonsAndUnsupported() throws Exception {
    String waId = "355694444444";
    String number = newRequest(waId, "Besnik Dervishi", "Sinjalistika te shkolla është fshirë")[0];
    long before = requests();

    // the title says "new request", the id says "track": the id decides
    deliver(message(waId, "Besnik Dervishi", wamid(), "interactive", new JsonObject().put("type", "button_reply")
        .put("button_reply", new JsonObject().put("id", "track:" + number).put("title", "Kërkesë e re"))));
    eventually(() -> graph.sentTo(waId).size() == 2);
    assertThat(graph.sentTo(waId).get(1).text()).contains(number, "e regjistruar");

    String stranger = "355695555555";
    long strangerRequests = requests();
    deliver(message(stranger, "Klodi", wamid(), "sticker", new JsonObject().put("mime_type", "image/webp")
        .put("sha256", "Ohd9X1...").put("id", "1003383421387256").put("animated", false)));
    eventually(() -> graph.sentTo(stranger).size() == 1);
    assertThat(graph.sentTo(stranger).get(0).text()).contains("vetëm mesazhe me tekst");
    deliver(message(stranger, "Klodi", wamid(), "sticker", new JsonObject().put("mime_type", "image/webp")
        .put("id", "1003383421387257")));
    deliver(message(stranger, "Klodi", wamid(), "unsupported", null));
    assertThat(graph.sentTo(stranger)).hasSize(1);
    assertThat(requests()).isEqualTo(strangerRequests).isEqualTo(before);
  }

  @Test
  @DisplayName("a tracking number sent as text is answered with that request's status and due date")
  void trackingNumber() throws Exception {
    String number = newRequest("355696666666", "Ilir Berisha", "Ashensori i pallatit nuk punon")[0];
    deliver(text("355697777777", "Mira", wamid(), " " + number + " "));
    FakeGraphApi.Sent answer = onlyMessageTo("355697777777");
    assertThat(answer.text()).contains(number, "e regjistruar", "Afati për përgjigje");
  }

  @Test
  @DisplayName("a delivery recorded before the node stopped is handled when it starts again, and its body dropped")
  void recordedDeliverySurvivesAStop() throws Exception {
    FakeGraphApi.Sent receipt = onlyMessageTo(RECORDED_BEFORE_STOP);
    Matcher number = NUMBER.matcher(receipt.text());
    assertThat(number.find()).isTrue();
    assertThat(view(number.group()).getString("subject")).isEqualTo("Parku i lojërave në Laprakë është i prishur");
    eventually(() -> app.count("SELECT count(*) FROM whatsapp_inbox WHERE sealed_body IS NOT NULL") == 0);
  }

  @Test
  @DisplayName("a delivery for another phone number id is acknowledged and ignored")
  void otherPhoneNumber() throws Exception {
    long before = requests();
    JsonObject other = envelope(new JsonObject().put("messages", new JsonArray().add(new JsonObject()
        .put("from", "355698888888").put("id", wamid()).put("type", "text")
        .put("text", new JsonObject().put("body", "Përshëndetje")))), "999999999999");
    deliver(other);
    assertThat(requests()).isEqualTo(before);
    assertThat(graph.sentTo("355698888888")).isEmpty();
  }

  @Test
  @DisplayName("a status read followed by a late delivered leaves the delivery state read")
  void statusesNeverMoveBackwards() throws Exception {
    String waId = "355699999999";
    String number = newRequest(waId, "Sara Leka", "Mungon uji në lagjen 5 Maji")[0];
    eventually(() -> outboxRow(number, "ACKNOWLEDGEMENT") != null
        && "SENT".equals(outboxRow(number, "ACKNOWLEDGEMENT").getString("status")));
    String outboundId = providerId(number, "ACKNOWLEDGEMENT");
    long before = requests();

    deliver(status(outboundId, waId, "sent"));
    deliver(status(outboundId, waId, "read"));
    assertThat(outboxRow(number, "ACKNOWLEDGEMENT").getString("deliveryState")).isEqualTo("read");
    deliver(status(outboundId, waId, "delivered"));
    assertThat(outboxRow(number, "ACKNOWLEDGEMENT").getString("deliveryState")).isEqualTo("read");
    assertThat(requests()).isEqualTo(before);
    // staff see it on the request's page
    JsonObject receipt = view(number).getJsonArray("whatsappMessages").getJsonObject(0);
    assertThat(receipt.getString("message")).isEqualTo("ACKNOWLEDGEMENT");
    assertThat(receipt.getString("deliveryState")).isEqualTo("read");
  }

  private static String providerId(String number, String template) throws Exception {
    try (Connection c = app.jdbc(); var ps = c.prepareStatement("SELECT provider_message_id FROM mail_outbox "
        + "WHERE number = ? AND template = ? AND channel = 'WHATSAPP'")) {
      ps.setString(1, number);
      ps.setString(2, template);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getString(1);
      }
    }
  }

  @Test
  @DisplayName("a response is free text within 24 hours of the citizen's last message and the template after; "
      + "a 131047 refusal of a text brings the template, a 130429 and a 5xx are retried")
  void windowAndErrors() throws Exception {
    String waId = "355681111111";
    String number = newRequest(waId, "Gent Hasani", "Trotuari te Zogu i Zi është shembur")[0];

    respond(number, "Punimet fillojnë të hënën.");
    eventually(() -> graph.sentTo(waId).size() == 2);
    FakeGraphApi.Sent inside = graph.sentTo(waId).get(1);
    assertThat(inside.type()).isEqualTo("text");
    assertThat(inside.text()).contains("Punimet fillojnë të hënën.", number);

    // a day and more passes since the citizen last wrote
    app.count("WITH moved AS (UPDATE whatsapp_contact SET last_inbound_at = now() - interval '25 hours' "
        + "RETURNING 1) SELECT count(*) FROM moved");
    assertThat(app.post("/api/requests/" + number + "/resolve", admin, new JsonObject()).statusCode())
        .isEqualTo(200);
    eventually(() -> graph.sentTo(waId).size() == 3);
    FakeGraphApi.Sent outside = graph.sentTo(waId).get(2);
    assertThat(outside.type()).isEqualTo("template");
    JsonObject template = outside.body().getJsonObject("template");
    assertThat(template.getString("name")).isEqualTo("perditesim_kerkese");
    assertThat(template.getJsonObject("language").getString("code")).isEqualTo("sq");
    assertThat(template.getJsonArray("components").getJsonObject(0).getJsonArray("parameters").stream()
        .map(p -> ((JsonObject) p).getString("text"))).containsExactly(number, "e zgjidhur");

    // Graph's clock may disagree with ours: a text it refuses with 131047 goes again as the template
    String second = "355682222222";
    String other = newRequest(second, "Lule Marku", "Semafori te Sheshi Shqiponja nuk ndizet")[0];
    graph.refuseNext(second, 400, 131047);
    respond(other, "Semafori u riparua.");
    eventually(() -> graph.sentTo(second).size() == 3);
    assertThat(graph.sentTo(second).get(1).type()).isEqualTo("text");
    assertThat(graph.sentTo(second).get(2).type()).isEqualTo("template");
    eventually(() -> "SENT".equals(outboxRow(other, "RESPONSE").getString("status")));

    // throughput, then a server error: each retried after a growing pause, then sent
    String third = "355683333333";
    String busy = newRequest(third, "Dea Prifti", "Zhurmë nga kantieri natën")[0];
    graph.refuseNext(third, 400, 130429);
    graph.refuseNext(third, 503, 2);
    respond(busy, "Kantieri u gjobit.");
    eventually(() -> graph.sentTo(third).size() == 4);
    assertThat(graph.sentTo(third).subList(1, 4)).allSatisfy(sent -> assertThat(sent.text())
        .contains("Kantieri u gjobit."));
    eventually(() -> "SENT".equals(outboxRow(busy, "RESPONSE").getString("status")));
    assertThat(outboxRow(busy, "RESPONSE").getInteger("attempts")).isEqualTo(3);
  }

  @Test
  @DisplayName("an expired token (190) marks the message FAILED with the error code in the outbox")
  void expiredToken() throws Exception {
    String waId = "355684444444";
    String number = newRequest(waId, "Alba Zeqiri", "Stacioni i autobusit pa strehë")[0];
    graph.refuseNext(waId, 401, 190);
    respond(number, "Streha vendoset këtë muaj.");
    eventually(() -> "FAILED".equals(outboxRow(number, "RESPONSE").getString("status")));
    JsonObject failed = outboxRow(number, "RESPONSE");
    assertThat(failed.getInteger("errorCode")).isEqualTo(190);
    assertThat(failed.getString("recipient")).doesNotContain(waId);
    assertThat(graph.sentTo(waId)).hasSize(2);
  }

  private static void respond(String number, String message) {
    HttpResponse<Buffer> response = app.post("/api/requests/" + number + "/respond", admin,
        new JsonObject().put("message", message));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
  }

  @Test
  @DisplayName("erasing a WhatsApp citizen makes their phone number and name unreadable everywhere")
  void erasure() throws Exception {
    String waId = "355685555555";
    String[] request = newRequest(waId, "Teuta Malaj", "Kanalizimi në rrugën e Dibrës është bllokuar");
    deliver(text(waId, "Teuta Malaj", wamid(), "Era është e padurueshme."));
    HttpResponse<Buffer> erased = app.post("/api/admin/citizens/erase", admin,
        new JsonObject().put("number", request[0]).put("accessCode", request[1]));
    assertThat(erased.statusCode()).as(erased.bodyAsString()).isEqualTo(200);

    JsonObject view = view(request[0]);
    assertThat(view.getJsonObject("citizen").getString("firstName")).isEqualTo("[erased]");
    assertThat(view.encode()).doesNotContain("Teuta", "Malaj", waId, "padurueshme");
    eventually(() -> app.count("SELECT count(*) FROM whatsapp_contact WHERE number = ?", request[0]) == 0);
    for (String row : StoredRows.everyRow(app)) {
      assertThat(row).doesNotContain("Teuta", "Malaj", waId, "padurueshme");
    }

    // what the council still says reaches nobody: there is no number to send it to
    respond(request[0], "Kanali u pastrua.");
    eventually(() -> outboxRow(request[0], "RESPONSE") != null
        && "SKIPPED".equals(outboxRow(request[0], "RESPONSE").getString("status")));
    assertThat(graph.sentTo(waId)).hasSize(1);
  }
}
