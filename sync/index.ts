export { Backoff } from './backoff.js';
export * from './cap/index.js';
export * from './content/index.js';
export * from './contract/index.js';
export { EmbeddedBroker } from './embedded-broker.js';
export { ControlRoomLink, type LinkOptions } from './link.js';
export {
  OutboxPublisher,
  type OutboxQueue,
  type QueuedMessage,
  type SendQueued,
} from './outbox-publisher.js';
export {
  generateSigningKey,
  privateKeyFromPem,
  publicKeyFromRaw,
  rawPublicKey,
  signPayload,
  TrustStore,
} from './signing.js';
export {
  type Accepted,
  type InboundContext,
  type Refused,
  type ReplayGuard,
  verifyInbound,
} from './verify-inbound.js';
