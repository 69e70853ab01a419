package al.tirana.councilline.whatsapp;

import al.tirana.councilline.platform.text.Placeholders;
import java.util.Map;

/**
 * Every message CouncilLine writes on WhatsApp, in Albanian: WhatsApp citizens are answered in the council's
 * language. Placeholders are {name}. Outside the 24-hour window none of these may be sent: the approved template
 * (WHATSAPP_TEMPLATE_UPDATE) carries the number and the status instead.
 */
enum WhatsAppText {

  ACKNOWLEDGEMENT("Faleminderit, {firstName}! Mesazhi juaj u regjistrua si kërkesë me numrin {number}.\n"
      + "Kodi juaj privat i aksesit: {accessCode}\nNdiqni ecurinë këtu: {trackingUrl}\n"
      + "Afati për përgjigje: {dueAt}.\n"
      + "Mund të na shkruani sërish këtu: mesazhet tuaja i shtohen kësaj kërkese."),
  RESPONSE("Këshilli iu përgjigj kërkesës suaj {number}:\n\n{message}\n\n{trackingUrl}"),
  INFORMATION_REQUESTED("Për të vazhduar me kërkesën {number} na duhet:\n\n{message}\n\n"
      + "Përgjigjuni thjesht këtu, në WhatsApp."),
  RESOLVED("Kërkesa juaj {number} u zgjidh. Si ju shërbyem? Vlerësoni nga 1 në 5: {ratingUrl}"),
  STATUS("Kërkesa {number}: {status}.\nAfati për përgjigje: {dueAt}.\n{trackingUrl}"),
  UNKNOWN_NUMBER("Nuk gjetëm asnjë kërkesë me numrin {number}. Një numër kërkese duket kështu: TR-2026-000123."),
  UNSUPPORTED("Na vjen keq, këtu mund të dërgoni vetëm mesazhe me tekst. Shkruani kërkesën tuaj me fjalë, "
      + "ose dërgoni numrin e kërkesës (p.sh. TR-2026-000123) për të parë ecurinë e saj."),
  NEW_REQUEST("Shkruani mesazhin tuaj të ri: do ta regjistrojmë si kërkesë të re.");

  /** Reply buttons: their ids are what comes back, titles at most 20 characters as WhatsApp requires. */
  static final String TRACK_TITLE = "Ndiq kërkesën";
  static final String NEW_TITLE = "Kërkesë e re";
  static final String TRACK_ID = "track:";
  static final String NEW_ID = "new";

  private final String text;

  WhatsAppText(String text) {
    this.text = text;
  }

  /** The text with its placeholders filled; a missing first name leaves "Faleminderit!", not "Faleminderit, !". */
  String render(Map<String, String> values) {
    return Placeholders.fill(text, values);
  }


  /** The public status of a request in words, for the status reply and the template's parameter. */
  static String status(String status) {
    return switch (status) {
      case "SUBMITTED" -> "e regjistruar";
      case "ACKNOWLEDGED" -> "e pranuar nga këshilli";
      case "ASSIGNED" -> "në shqyrtim nga këshilltari";
      case "REFERRED" -> "e përcjellë te drejtoria përkatëse";
      case "AWAITING_CITIZEN" -> "në pritje të informacionit nga ju";
      case "RESPONDED" -> "me përgjigje nga këshilli";
      case "RESOLVED" -> "e zgjidhur";
      case "CLOSED" -> "e mbyllur";
      case "REJECTED" -> "e refuzuar";
      case "WITHDRAWN" -> "e tërhequr";
      default -> status.toLowerCase(java.util.Locale.ROOT);
    };
  }
}
