package al.tirana.councilline.request;

/** What the citizen sends to the council. */
public enum Kind {
  MESSAGE, REQUEST, OFFICIAL_REQUIREMENT, PROPOSAL
}
