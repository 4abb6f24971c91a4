/**
 * Largest payload accepted per channel, checked before any parsing: a hostile or broken
 * publisher must not make a Pi parse megabytes of JSON. Values from the issue; the
 * broker should be configured with a message_size_limit at least as large as desired.
 */
export const PAYLOAD_LIMITS = {
  desired: 4 * 1024 * 1024,
  cmd: 256 * 1024,
  alert: 256 * 1024,
} as const;
