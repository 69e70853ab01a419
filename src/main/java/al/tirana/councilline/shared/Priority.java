package al.tirana.councilline.shared;

/** Urgent requests are due after the urgent SLA (3 days by default), normal ones after the normal SLA (15 days). */
public enum Priority {
  URGENT, NORMAL
}
