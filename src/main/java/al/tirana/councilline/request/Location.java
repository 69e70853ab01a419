package al.tirana.councilline.request;

import al.tirana.councilline.platform.http.ApiException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Where a request is about: a point (WGS84) and/or an address. It is the place the matter concerns, not the citizen's
 * home, so it is public like the kind and category; the administrative unit travels beside it in the event.
 */
public record Location(Double latitude, Double longitude, String address) {

  public static final int ADDRESS_MAX = 300;

  /**
   * A checked location, or null when nothing was given: a point needs both coordinates within their ranges, an
   * address at most {@value #ADDRESS_MAX} characters.
   */
  public static Location of(Double latitude, Double longitude, String address, String latField, String longField,
                            String addressField) {
    JsonArray problems = new JsonArray();
    if ((latitude == null) != (longitude == null)) {
      problems.add(problem(latitude == null ? latField : longField, "give both coordinates or neither"));
    }
    if (latitude != null && !(latitude >= -90 && latitude <= 90)) {
      problems.add(problem(latField, "must be between -90 and 90"));
    }
    if (longitude != null && !(longitude >= -180 && longitude <= 180)) {
      problems.add(problem(longField, "must be between -180 and 180"));
    }
    String trimmed = address == null || address.isBlank() ? null : address.trim();
    if (trimmed != null && trimmed.length() > ADDRESS_MAX) {
      problems.add(problem(addressField, "at most " + ADDRESS_MAX + " characters"));
    }
    if (!problems.isEmpty()) {
      throw ApiException.badRequest("VALIDATION_FAILED", "The location is invalid", problems);
    }
    return latitude == null && trimmed == null ? null : new Location(latitude, longitude, trimmed);
  }

  /**
   * The location of a read-model row with the {@code latitude}, {@code longitude} and {@code address} columns of
   * request_view or inbox_item, as every view shows it ({@code {lat, long, address}}); null when the request names
   * no place.
   */
  static JsonObject json(io.vertx.sqlclient.Row row) {
    if (row.getDouble("latitude") == null && row.getString("address") == null) {
      return null;
    }
    return new JsonObject().put("lat", row.getDouble("latitude")).put("long", row.getDouble("longitude"))
        .put("address", row.getString("address"));
  }

  private static JsonObject problem(String field, String text) {
    return new JsonObject().put("field", field).put("problem", text);
  }
}
