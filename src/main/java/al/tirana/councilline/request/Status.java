package al.tirana.councilline.request;

import java.util.EnumSet;
import java.util.Set;

/** The lifecycle state of a request, derived from its events. */
public enum Status {
  SUBMITTED, ACKNOWLEDGED, ASSIGNED, REFERRED, AWAITING_CITIZEN, RESPONDED, RESOLVED, CLOSED, REJECTED, WITHDRAWN;

  /** States in which the council still owes the citizen something. */
  public static final Set<Status> OPEN = EnumSet.of(SUBMITTED, ACKNOWLEDGED, ASSIGNED, REFERRED, AWAITING_CITIZEN,
      RESPONDED);

  public boolean isOpen() {
    return OPEN.contains(this);
  }
}
