export { default as modelEventsService, type ReceiveAnswer } from './service';
export { carriesCredentials, generateCredentials, type CallbackCredentials } from './credentials';
export { eventHash, eventTime, meaningOf, MAX_EVENT_BYTES, type EventMeaning } from './payload';
