package al.tirana.councilline.shared;

import java.util.EnumSet;
import java.util.Set;

/** The lifecycle state of a request, derived from its events. */
public enum Status {
  SUBMITTED, ACKNOWLEDGED, ASSIGNED, REFERRED, AWAITING_CITIZEN, RESPONDED, RESOLVED, CLOSED, REJECTED, WITHDRAWN;

  /** States in which the council still owes the citizen something. */
  public static final Set<Status> OPEN = EnumSet.of(SUBMITTED, ACKNOWLEDGED, ASSIGNED, REFERRED, AWAITING_CITIZEN,
      RESPONDED);

  /** The open states as an SQL list, e.g. for {@code status IN ...}: one definition for every query. */
  public static final String OPEN_SQL = OPEN.stream().map(s -> "'" + s.name() + "'")
      .collect(java.util.stream.Collectors.joining(",", "(", ")"));

  public boolean isOpen() {
    return OPEN.contains(this);
  }
}
