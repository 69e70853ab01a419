// Live updates over Server-Sent Events. The browser reconnects on its own and resumes from the last id it saw;
// a stream that needs a token is reopened with a fresh one when the old one has expired.
import { refresh, session } from './api.js';

export const EVENT_TYPES = [
  'RequestSubmitted', 'RequestAcknowledged', 'RequestAssigned', 'RequestReassigned', 'RequestReferredToDepartment',
  'CitizenInvitedToMeeting', 'InternalNoteAdded', 'PriorityChanged', 'RequestResponded', 'RequestResolved',
  'RequestClosed', 'RequestRejected', 'RequestWithdrawn', 'RequestReopened', 'SlaClockStarted', 'SlaWarningIssued',
  'SlaBreached', 'BreachEscalated', 'CitizenInformationRequested', 'CitizenAnswered', 'SlaClockResumed',
  'DeadlineExtended', 'CitizenRatedResponse', 'SuccessStoryPublished', 'SuccessStoryWithdrawn', 'PersonalDataErased',
  'RequestMarkedAsSpam', 'AccessCodeReissued', 'InboxRead',
];

/**
 * Follows an SSE stream; onItem gets {id, type, data}. onState gets 'live' or 'reconnecting' for the status line.
 * Returns a function that stops following.
 */
export function follow(path, onItem, { authenticated = false, onState = () => {} } = {}) {
  let source = null;
  let lastId = null;
  let stopped = false;
  let retryTimer = null;

  const open = () => {
    const url = new URL(path, location.origin);
    if (lastId !== null) {
      url.searchParams.set('since', lastId);
    }
    if (authenticated && session()) {
      url.searchParams.set('access_token', session().token);
    }
    source = new EventSource(url);
    source.onopen = () => onState('live');
    const handle = (event) => {
      lastId = event.lastEventId || lastId;
      onItem({ id: event.lastEventId, type: event.type, data: event.data ? JSON.parse(event.data) : null });
    };
    EVENT_TYPES.forEach((type) => source.addEventListener(type, handle));
    source.onmessage = handle;
    source.onerror = () => {
      onState('reconnecting');
      if (source.readyState === EventSource.CLOSED && !stopped) {
        // the server refused (an expired token, say): the browser gives up, so we retry ourselves
        source.close();
        retryTimer = setTimeout(async () => {
          if (authenticated) {
            await refresh();
          }
          if (!stopped) open();
        }, 2000);
      }
    };
  };
  open();
  return () => {
    stopped = true;
    clearTimeout(retryTimer);
    if (source) source.close();
  };
}
