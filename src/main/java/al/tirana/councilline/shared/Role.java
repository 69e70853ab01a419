package al.tirana.councilline.shared;

/** Who acts on the system. Accounts hold the first four; citizens act through their request's access code. */
public enum Role {
  ADMIN, STAFF, COUNSELOR, AUDITOR, CITIZEN, SYSTEM
}
