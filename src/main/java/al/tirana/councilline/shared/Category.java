package al.tirana.councilline.shared;

/** The council's policy areas, used for routing and statistics. */
public enum Category {
  SOCIAL_HOUSING, RENTS, MARGINALIZED_GROUPS, YOUTH, FINANCE, ENTERPRISES, URBAN_PLANNING, ENVIRONMENT, TRANSPORT, OTHER
}
