package al.tirana.councilline.sla;

/** Where breaches are escalated: the council secretariat or the commission chair (ESCALATION_EMAIL). */
public record Escalation(String address) {
}
