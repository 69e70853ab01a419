package al.tirana.councilline.directory;

import al.tirana.councilline.platform.sql.Sql;
import al.tirana.councilline.shared.Addressee;
import java.util.Map;

/**
 * The names of counselors and commissions as one projection has seen them so far. A projection that writes names
 * into its rows keeps its own copy, updated in event order, so replaying it yields the same rows as the first run.
 */
public record DirectoryNames(Sql sql, String projection) {

  public void record(DirectoryEvent event) {
    String kind;
    String name;
    if (event instanceof DirectoryEvent.CommissionCreated e) {
      kind = "COMMISSION";
      name = e.name();
    } else if (event instanceof DirectoryEvent.CommissionUpdated e) {
      kind = "COMMISSION";
      name = e.name();
    } else if (event instanceof DirectoryEvent.CounselorRegistered e) {
      kind = "COUNSELOR";
      name = e.fullName();
    } else if (event instanceof DirectoryEvent.CounselorUpdated e) {
      kind = "COUNSELOR";
      name = e.fullName();
    } else {
      return;
    }
    sql.update("INSERT INTO projection_name (projection, kind, id, name) VALUES (?, ?, ?, ?) "
        + "ON CONFLICT (projection, kind, id) DO UPDATE SET name = EXCLUDED.name", projection, kind, event.id(), name);
    known().put(kind + ":" + event.id(), name);
  }

  /** "counselor Arta Hoxha" or "the Youth Commission". */
  public String describe(Addressee addressee) {
    String name = name(addressee);
    return addressee.type() == Addressee.Type.COUNSELOR ? "counselor " + name : "the " + name;
  }

  /** The name alone ("Arta Hoxha", "Youth Commission"), or the id when the directory never named it. */
  public String name(Addressee addressee) {
    return known().computeIfAbsent(addressee.type() + ":" + addressee.id(), key -> sql.single(
        "SELECT name FROM projection_name WHERE projection = ? AND kind = ? AND id = ?", projection, addressee.type(),
        addressee.id()).orElse(addressee.id()));
  }

  /** Names already read or recorded in this batch: a batch names the same few parties again and again. */
  private Map<String, String> known() {
    return Sql.batchLocal(projection + ".names");
  }

  public void reset() {
    sql.update("DELETE FROM projection_name WHERE projection = ?", projection);
  }
}
