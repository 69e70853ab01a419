package al.tirana.councilline.shared;

/** Where a request or an action came in; DESK means staff of one of the 24 administrative units registered it. */
public enum Channel {
  WEB, DESK, MOBILE, API, WHATSAPP
}
