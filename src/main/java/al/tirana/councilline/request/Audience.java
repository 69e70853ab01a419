package al.tirana.councilline.request;

/** How much of a request a caller may see. */
public enum Audience {
  /** Anyone: status and a timeline of public sentences, never personal data or internal notes. */
  PUBLIC,
  /** The citizen, proven by the access code: their own data and the council's answers. */
  CITIZEN,
  /** Council people concerned with the request: everything, including internal notes and who did what. */
  COUNCIL
}
