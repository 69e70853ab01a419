package al.tirana.councilline.platform.live;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** The change logs that live clients follow, each written by exactly one streaming projection. */
public enum LiveStream {

  TRACKING("tracking", "SELECT position, number, type, at, status, summary, NULL AS addressee_type, "
      + "NULL AS addressee_id, NULL AS assignee_type, NULL AS assignee_id, NULL AS detail FROM tracking_item"),
  INBOX("inbox", "SELECT position, number, type, at, NULL AS status, NULL AS summary, addressee_type, addressee_id, "
      + "assignee_type, assignee_id, NULL AS detail FROM inbox_change"),
  FEED("feed", "SELECT position, number, type, at, NULL AS status, text AS summary, NULL AS addressee_type, "
      + "NULL AS addressee_id, NULL AS assignee_type, NULL AS assignee_id, (data -> 'detail')::text AS detail "
      + "FROM feed_item");

  private final String channelName;
  private final String select;

  LiveStream(String channelName, String select) {
    this.channelName = channelName;
    this.select = select;
  }

  public String channelName() {
    return channelName;
  }

  /**
   * Rows after $1, matching an optional extra condition, in position order.
   *
   * <p>The upper bound changes no result; it is there for the planner. A prepared statement soon runs on a generic
   * plan, which cannot know $1 and guesses that {@code position > $1} keeps a third of the log: on a log of some
   * thousands of rows that plan scanned and sorted the whole log on every read, many times a second. Bounded on both
   * sides, the guess is half a per cent, and the plan walks the position index from $1.
   */
  public String after(String condition, int limit) {
    return "SELECT * FROM (" + select + ") s WHERE position > $1 AND position <= " + Long.MAX_VALUE
        + (condition == null ? "" : " AND " + condition) + " ORDER BY position LIMIT " + limit;
  }

  public String maxPosition() {
    return "SELECT COALESCE(max(position), 0) FROM (" + select + ") s";
  }

  public static LiveStream byChannelName(String name) {
    for (LiveStream stream : values()) {
      if (stream.channelName.equals(name)) {
        return stream;
      }
    }
    return null;
  }

  /**
   * One change as clients receive it. Party columns are kept only to route inbox changes. The data is kept as the
   * JSON text clients receive, encoded once: a hub hands the same item to every subscriber, and there may be tens
   * of thousands.
   */
  public record Item(LiveStream stream, long position, String number, String type, String dataJson,
                     String addresseeType, String addresseeId, String assigneeType, String assigneeId,
                     Encodings encodings) {

    public Item(LiveStream stream, long position, String number, String type, String dataJson, String addresseeType,
                String addresseeId, String assigneeType, String assigneeId) {
      this(stream, position, number, type, dataJson, addresseeType, addresseeId, assigneeType, assigneeId,
          new Encodings());
    }

    /**
     * The item as a transport sends it (an SSE frame, a WebSocket message for one topic), encoded by the first
     * subscriber that needs it and shared by all the others. {@code encode} should be a function made once, not a
     * lambda per call: this runs once per subscriber.
     */
    public <T> T encoded(Object format, Function<Item, T> encode) {
      return encodings.get(this, format, encode);
    }

    static Item of(LiveStream stream, Row row) {
      JsonObject data = new JsonObject()
          .put("number", row.getString("number"))
          .put("type", row.getString("type"))
          .put("at", row.getOffsetDateTime("at").toInstant().toString());
      if (row.getString("status") != null) {
        data.put("status", row.getString("status"));
      }
      if (row.getString("summary") != null) {
        data.put(stream == FEED ? "text" : "summary", row.getString("summary"));
      }
      if (row.getString("detail") != null) {
        data.put("detail", new JsonObject(row.getString("detail")));
      }
      return new Item(stream, row.getLong("position"), row.getString("number"), row.getString("type"),
          data.encode(), row.getString("addressee_type"), row.getString("addressee_id"), row.getString("assignee_type"),
          row.getString("assignee_id"));
    }
  }

  /**
   * An item's encodings, made at most once per format (two event loops asking at the same moment may both encode,
   * and one result is kept). It is a cache, not part of the item's value: all of them are equal.
   */
  public static final class Encodings {
    private final Map<Object, Object> byFormat = new ConcurrentHashMap<>(2);

    @SuppressWarnings("unchecked")
    <T> T get(Item item, Object format, Function<Item, T> encode) {
      Object encoded = byFormat.get(format);
      if (encoded == null) {
        encoded = encode.apply(item);
        Object raced = byFormat.putIfAbsent(format, encoded);
        if (raced != null) {
          encoded = raced;
        }
      }
      return (T) encoded;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Encodings;
    }

    @Override
    public int hashCode() {
      return 0;
    }

    @Override
    public String toString() {
      return "Encodings";
    }
  }
}
