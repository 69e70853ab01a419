package al.tirana.councilline.sla;

/** How the response window is counted: in calendar time, or in working days that skip weekends and holidays. */
public enum SlaMode {
  CALENDAR, WORKING
}
