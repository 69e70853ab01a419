package al.tirana.councilline.notification;

import al.tirana.councilline.platform.text.Placeholders;
import java.util.Map;

/** Every mail CouncilLine sends, in Albanian (default) and English. Placeholders are {name}. */
public enum Template {

  ACKNOWLEDGEMENT(
      "Kërkesa juaj {number} u regjistrua",
      "Përshëndetje {firstName},\n\nKërkesa juaj u regjistrua me numrin {number}.\nKodi juaj i aksesit: {accessCode}\n"
          + "Ndiqni ecurinë këtu: {trackingUrl}\n\nAfati për përgjigje: {dueAt}.\n\nKëshilli Bashkiak i Tiranës",
      "Your request {number} was received",
      "Hello {firstName},\n\nYour request was registered as {number}.\nYour access code: {accessCode}\n"
          + "Follow it here: {trackingUrl}\n\nFeedback is due by {dueAt}.\n\nTirana Municipal Council"),
  RESPONSE(
      "Përgjigje për kërkesën {number}",
      "Përshëndetje {firstName},\n\nKëshilli iu përgjigj kërkesës suaj {number}:\n\n{message}\n\n{trackingUrl}",
      "A response to your request {number}",
      "Hello {firstName},\n\nThe council responded to your request {number}:\n\n{message}\n\n{trackingUrl}"),
  INFORMATION_REQUESTED(
      "Kërkohet informacion për kërkesën {number}",
      "Përshëndetje {firstName},\n\nPër të vazhduar me kërkesën {number} na duhet:\n\n{message}\n\n"
          + "Përgjigjuni me kodin tuaj të aksesit këtu: {trackingUrl}",
      "Information needed for your request {number}",
      "Hello {firstName},\n\nTo continue with your request {number} we need:\n\n{message}\n\n"
          + "Answer with your access code here: {trackingUrl}"),
  RESOLVED(
      "Kërkesa {number} u zgjidh",
      "Përshëndetje {firstName},\n\nKërkesa juaj {number} u zgjidh. Si ju shërbyem? Vlerësoni nga 1 në 5: "
          + "{ratingUrl}",
      "Your request {number} was resolved",
      "Hello {firstName},\n\nYour request {number} was resolved. How did we do? Rate us from 1 to 5: {ratingUrl}"),
  ASSIGNED(
      "Ju është caktuar kërkesa {number}",
      "Kërkesa {number} ({category}, {priority}) iu caktua juve. Afati: {dueAt}.\n{trackingUrl}",
      "Request {number} was assigned to you",
      "Request {number} ({category}, {priority}) was assigned to you. Due: {dueAt}.\n{trackingUrl}"),
  WARNING(
      "Afati i kërkesës {number} po afron",
      "Kërkesa {number} duhet të marrë përgjigje deri më {dueAt}.\n{trackingUrl}",
      "The deadline of request {number} is near",
      "Request {number} must be answered by {dueAt}.\n{trackingUrl}"),
  BREACH(
      "Afati i kërkesës {number} kaloi",
      "Kërkesa {number} nuk mori përgjigje brenda afatit {dueAt}.\n{trackingUrl}",
      "The deadline of request {number} passed",
      "Request {number} was not answered by its deadline, {dueAt}.\n{trackingUrl}"),
  RECOVERY(
      "Kërkesat tuaja të hapura",
      "Përshëndetje {firstName},\n\nDikush (me shumë gjasë ju) kërkoi kodet e aksesit për kërkesat tuaja të hapura. "
          + "Secila ka tani një kod të ri (kodi i mëparshëm nuk vlen më); lidhja e hap drejtpërdrejt:\n\n{requests}\n"
          + "Nëse nuk e kërkuat ju, kodet e reja janë vetëm në këtë e-mail dhe askush tjetër nuk i ka marrë."
          + "\n\nKëshilli Bashkiak i Tiranës",
      "Your open requests",
      "Hello {firstName},\n\nSomeone (most likely you) asked for the access codes of your open requests. Each now has "
          + "a new code (the previous one no longer works); the link opens it directly:\n\n{requests}\n"
          + "If it was not you, the new codes are only in this e-mail and nobody else has received them."
          + "\n\nTirana Municipal Council"),
  ESCALATION(
      "Përshkallëzim: kërkesa {number} kaloi afatin",
      "Kërkesa {number} drejtuar {addressee} nuk mori përgjigje brenda afatit {dueAt}.\n{trackingUrl}",
      "Escalation: request {number} passed its deadline",
      "Request {number} to {addressee} was not answered by its deadline, {dueAt}.\n{trackingUrl}");

  private final Text sq;
  private final Text en;

  Template(String subjectSq, String bodySq, String subjectEn, String bodyEn) {
    sq = new Text(subjectSq, bodySq);
    en = new Text(subjectEn, bodyEn);
  }

  /** One language's subject and body, with their placeholders. */
  private record Text(String subject, String body) {
  }

  /**
   * Subject and body in the language ("sq" unless "en"), with the placeholders filled. A citizen without a first
   * name (Open311 clients may leave it out) is greeted without one, "Hello," rather than "Hello ,".
   */
  public String[] render(String language, Map<String, String> values) {
    Text text = "en".equals(language) ? en : sq;
    return new String[] {Placeholders.fill(text.subject(), values), Placeholders.fill(text.body(), values)};
  }

}
