/** The only namespace accepted: CAP 1.1 and older differ in enums and required fields. */
export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';

// The CAP 1.2 value lists (OASIS CAP 1.2, §3.2). Enum values are case-sensitive in the standard.
export const CAP_STATUSES = ['Actual', 'Exercise', 'System', 'Test', 'Draft'] as const;
export const CAP_MSG_TYPES = ['Alert', 'Update', 'Cancel', 'Ack', 'Error'] as const;
export const CAP_SCOPES = ['Public', 'Restricted', 'Private'] as const;
export const CAP_CATEGORIES = [
  'Geo',
  'Met',
  'Safety',
  'Security',
  'Rescue',
  'Fire',
  'Health',
  'Env',
  'Transport',
  'Infra',
  'CBRNE',
  'Other',
] as const;
export const CAP_URGENCIES = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;
export const CAP_SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
export const CAP_CERTAINTIES = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;

export type CapStatus = (typeof CAP_STATUSES)[number];
export type CapMsgType = (typeof CAP_MSG_TYPES)[number];
export type CapScope = (typeof CAP_SCOPES)[number];
export type CapCategory = (typeof CAP_CATEGORIES)[number];
export type CapUrgency = (typeof CAP_URGENCIES)[number];
export type CapSeverity = (typeof CAP_SEVERITIES)[number];
export type CapCertainty = (typeof CAP_CERTAINTIES)[number];

export interface CapResource {
  resourceDesc: string;
  /** As sent, e.g. `audio/wav`; `audioResource` compares it case-insensitively. */
  mimeType: string;
  /** Bytes. */
  size?: number;
  uri?: string;
  /** Inline base64 content, whitespace removed. */
  derefUri?: string;
  /** SHA-1 in lower-case hex, as CAP 1.2 specifies. */
  digest?: string;
}

export interface CapArea {
  areaDesc: string;
  /** Each as sent: whitespace-separated `lat,lon` pairs (not checked here). */
  polygons: string[];
  /** Each as sent: `lat,lon radiusKm` (not checked here). */
  circles: string[];
  geocodes: { valueName: string; value: string }[];
}

export interface CapInfo {
  /** RFC 3066 tag as sent; 'en-US' when absent, as the standard says. */
  language: string;
  categories: CapCategory[];
  event: string;
  urgency: CapUrgency;
  severity: CapSeverity;
  certainty: CapCertainty;
  headline?: string;
  description?: string;
  instruction?: string;
  /** Epoch ms. */
  effective?: number;
  /** Epoch ms. */
  onset?: number;
  /** Epoch ms. */
  expires?: number;
  senderName?: string;
  web?: string;
  contact?: string;
  resources: CapResource[];
  areas: CapArea[];
}

/** One `sender,identifier,sent` triple of `<references>`. */
export interface CapReference {
  sender: string;
  identifier: string;
  /** Epoch ms. */
  sent: number;
}

export interface CapAlert {
  identifier: string;
  sender: string;
  /** Epoch ms. */
  sent: number;
  status: CapStatus;
  msgType: CapMsgType;
  scope: CapScope;
  source?: string;
  note?: string;
  references: CapReference[];
  incidents?: string;
  infos: CapInfo[];
}

/**
 * A CAP document that is not acceptable. `field` names what was wrong as a path such as
 * `alert.info[0].urgency`, or `document` when the XML itself was refused (size, DOCTYPE,
 * not well-formed); the message repeats it so a log line alone says what to fix.
 */
export class CapError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'CapError';
  }
}
