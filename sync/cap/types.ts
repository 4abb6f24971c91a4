export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';

export const STATUSES = ['Actual', 'Exercise', 'System', 'Test', 'Draft'] as const;
export const MSG_TYPES = ['Alert', 'Update', 'Cancel', 'Ack', 'Error'] as const;
export const SCOPES = ['Public', 'Restricted', 'Private'] as const;
export const CATEGORIES = [
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
export const URGENCIES = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;
export const SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
export const CERTAINTIES = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;

export type CapStatus = (typeof STATUSES)[number];
export type CapMsgType = (typeof MSG_TYPES)[number];
export type CapScope = (typeof SCOPES)[number];
export type CapUrgency = (typeof URGENCIES)[number];
export type CapSeverity = (typeof SEVERITIES)[number];
export type CapCertainty = (typeof CERTAINTIES)[number];

export interface CapResource {
  resourceDesc: string;
  mimeType: string;
  size?: number;
  uri?: string;
  derefUri?: string;
  /** SHA-1 in hex, as CAP 1.2 specifies. */
  digest?: string;
}

export interface CapArea {
  areaDesc: string;
  polygons: string[];
  circles: string[];
  geocodes: { valueName: string; value: string }[];
}

export interface CapInfo {
  /** RFC 3066 tag; 'en-US' when absent, as the standard says. */
  language: string;
  categories: string[];
  event: string;
  urgency: CapUrgency;
  severity: CapSeverity;
  certainty: CapCertainty;
  headline?: string;
  description?: string;
  instruction?: string;
  effective?: number;
  onset?: number;
  /** Epoch ms. */
  expires?: number;
  senderName?: string;
  web?: string;
  contact?: string;
  resources: CapResource[];
  areas: CapArea[];
}

export interface CapReference {
  sender: string;
  identifier: string;
  sent: number;
}

export interface CapAlert {
  identifier: string;
  sender: string;
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

/** A CAP document that is not acceptable; `field` names the element that was wrong. */
export class CapError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'CapError';
  }
}
