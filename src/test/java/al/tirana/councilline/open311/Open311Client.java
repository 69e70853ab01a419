package al.tirana.councilline.open311;

import al.tirana.councilline.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Talks GeoReport v2 to a test node as FixMyStreet or a city app would: form posts, JSON and XML reads. */
final class Open311Client {

  private final TestApp app;

  Open311Client(TestApp app) {
    this.app = app;
  }

  /** A form post as Vert.x's client encodes it: every key percent-encoded, so attribute%5Bkind%5D. */
  HttpResponse<Buffer> post(String format, MultiMap form) {
    return post(format, form, null);
  }

  /** The same with an Idempotency-Key, as a client that may retry sends it (none when null). */
  HttpResponse<Buffer> post(String format, MultiMap form, String idempotencyKey) {
    return postAsync(format, form, idempotencyKey).await();
  }

  Future<HttpResponse<Buffer>> postAsync(String format, MultiMap form, String idempotencyKey) {
    HttpRequest<Buffer> request = app.client().post("/open311/v2/requests." + format);
    if (idempotencyKey != null) {
      request.putHeader("Idempotency-Key", idempotencyKey);
    }
    return request.sendForm(form);
  }

  /** A form post with the brackets of attribute[code] left raw, as some clients send them. */
  HttpResponse<Buffer> postRaw(String format, Map<String, String> form) {
    String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(),
        StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    return app.client().post("/open311/v2/requests." + format)
        .putHeader("Content-Type", "application/x-www-form-urlencoded").sendBuffer(Buffer.buffer(body)).await();
  }

  HttpResponse<Buffer> get(String path) {
    return app.client().get("/open311/v2/" + path).send().await();
  }

  /** The document as JSON whatever its format, so JSON and XML answers can be compared field by field. */
  static Object parse(String format, HttpResponse<Buffer> response) throws Exception {
    if (format.equals("json")) {
      String body = response.bodyAsString();
      return body.startsWith("[") ? new JsonArray(body) : new JsonObject(body);
    }
    Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(response.body().getBytes())).getDocumentElement();
    return fromXml(root);
  }

  /** Lists become arrays (their items share one name), leaves become text, empty leaves null. */
  private static Object fromXml(Element element) {
    NodeList children = element.getChildNodes();
    JsonObject object = new JsonObject();
    JsonArray array = new JsonArray();
    String itemName = null;
    boolean list = false;
    int elements = 0;
    for (int i = 0; i < children.getLength(); i++) {
      Node child = children.item(i);
      if (child instanceof Element e) {
        elements++;
        if (itemName != null && itemName.equals(e.getTagName())) {
          list = true;
        }
        itemName = e.getTagName();
        array.add(fromXml(e));
        object.put(e.getTagName(), fromXml(e));
      }
    }
    if (elements == 0) {
      String text = element.getTextContent();
      return text.isEmpty() ? null : text;
    }
    boolean plural = element.getTagName().endsWith("s") || element.getTagName().equals("service_requests");
    return list || (plural && elements == 1 && !element.getTagName().equals("service_definition")
        && !element.getTagName().equals("discovery")) ? array : object;
  }

  static JsonObject only(Object document) {
    JsonArray array = (JsonArray) document;
    if (array.size() != 1) {
      throw new AssertionError("expected one item: " + array.encodePrettily());
    }
    return array.getJsonObject(0);
  }
}
