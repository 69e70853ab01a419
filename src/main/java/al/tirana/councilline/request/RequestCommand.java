package al.tirana.councilline.request;

import al.tirana.councilline.shared.Addressee;
import al.tirana.councilline.shared.Category;
import al.tirana.councilline.shared.Channel;
import al.tirana.councilline.shared.Priority;
import al.tirana.councilline.shared.Actor;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** What people ask the council's system to do with a request. The aggregate decides whether it may happen. */
public sealed interface RequestCommand {

  Actor by();

  Channel channel();

  /** The access code is drawn by the caller so it can be shown to the citizen once; only its digest is kept. */
  record SubmitRequest(Kind kind, Priority priority, Category category, Addressee addressee, PersonalData personalData,
                       String accessCode, String language, Integer administrativeUnit, Actor by, Channel channel,
                       Location location)
      implements RequestCommand {
  }

  record AcknowledgeRequest(@TargetAggregateIdentifier String number, Actor by, Channel channel)
      implements RequestCommand {
  }

  /** Assigns an unassigned request, or reassigns an assigned one. */
  record AssignRequest(@TargetAggregateIdentifier String number, Addressee assignee, Actor by, Channel channel)
      implements RequestCommand {
  }

  record ReferRequestToDepartment(@TargetAggregateIdentifier String number, String department, String note, Actor by,
                                  Channel channel) implements RequestCommand {
  }

  record InviteCitizenToMeeting(@TargetAggregateIdentifier String number, Instant meetingAt, String place, Actor by,
                                Channel channel) implements RequestCommand {
  }

  record AddInternalNote(@TargetAggregateIdentifier String number, String text, Actor by, Channel channel)
      implements RequestCommand {
  }

  record ChangePriority(@TargetAggregateIdentifier String number, Priority priority, Actor by, Channel channel)
      implements RequestCommand {
  }

  record RespondToRequest(@TargetAggregateIdentifier String number, String message, Actor by, Channel channel)
      implements RequestCommand {
  }

  record ResolveRequest(@TargetAggregateIdentifier String number, Actor by, Channel channel)
      implements RequestCommand {
  }

  record CloseRequest(@TargetAggregateIdentifier String number, Actor by, Channel channel) implements RequestCommand {
  }

  record RejectRequest(@TargetAggregateIdentifier String number, String reason, Actor by, Channel channel)
      implements RequestCommand {
  }

  record WithdrawRequest(@TargetAggregateIdentifier String number, Actor by, Channel channel)
      implements RequestCommand {
  }

  record ReopenRequest(@TargetAggregateIdentifier String number, String reason, Actor by, Channel channel)
      implements RequestCommand {
  }

  /** Stops the clock until the citizen answers through the access code or staff resume it. */
  record RequestCitizenInformation(@TargetAggregateIdentifier String number, String message, Actor by,
                                   Channel channel) implements RequestCommand {
  }

  record AnswerInformationRequest(@TargetAggregateIdentifier String number, String answer, Actor by,
                                  Channel channel) implements RequestCommand {
  }

  record ResumeSlaClock(@TargetAggregateIdentifier String number, Actor by, Channel channel)
      implements RequestCommand {
  }

  record ExtendDeadline(@TargetAggregateIdentifier String number, Instant dueAt, String reason, Actor by,
                        Channel channel) implements RequestCommand {
  }

  record RateResponse(@TargetAggregateIdentifier String number, int score, String comment, Actor by, Channel channel)
      implements RequestCommand {
  }

  record PublishSuccessStory(@TargetAggregateIdentifier String number, String title, String summary,
                             boolean citizenConsented, String consentNote, Actor by, Channel channel)
      implements RequestCommand {
  }

  record WithdrawSuccessStory(@TargetAggregateIdentifier String number, Actor by, Channel channel)
      implements RequestCommand {
  }

  record ErasePersonalData(@TargetAggregateIdentifier String number, Actor by, Channel channel)
      implements RequestCommand {
  }

  record MarkAsSpam(@TargetAggregateIdentifier String number, String reason, Actor by, Channel channel)
      implements RequestCommand {
  }

  /**
   * The citizen wrote again about their request: their answer when the council is waiting for one (the clock
   * resumes), otherwise a message added to the open request.
   */
  record AddCitizenMessage(@TargetAggregateIdentifier String number, String text, Actor by, Channel channel)
      implements RequestCommand {
  }

  /**
   * A new access code for an open request, drawn by the caller to be mailed to the citizen; the requests of one
   * recovery share its id and go out in one mail, queued with the {@code last} of them.
   */
  record ReissueAccessCode(@TargetAggregateIdentifier String number, String accessCode, String recoveryId,
                           boolean last, Actor by, Channel channel) implements RequestCommand {
  }
}
