// Everything the adapter needs only once a call has been answered or a channel subscribed:
// the protocol's schemas and the event stream. The adapter starts loading it as it is made.
export { checkEvent, checkOutput } from './schemas.js';
export { EventConnection } from './event-connection.js';
