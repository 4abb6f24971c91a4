export { EmbeddedBroker } from './embedded-broker.js';
export { ControlRoomLink, type LinkOptions } from './link.js';
