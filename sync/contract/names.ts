/**
 * Names on the wire (MQTT-CONTRACT.md "Names"): device ids and groups share one charset so
 * that they can never smuggle an MQTT wildcard or a level separator into a topic.
 */
export const NAME_RE = /^[a-z0-9-]{3,32}$/;
export const ROOT_RE = /^[a-z0-9-]+(\/[a-z0-9-]+)*$/;
export const DEFAULT_ROOT = 'tiang/v1';

export interface DeviceTopics {
  status: string;
  birth: string;
  reported: string;
  telemetry: string;
  events: string;
  ack: string;
  desired: string;
  cmd: string;
  alert: string;
}

export function deviceTopics(root: string, device: string): DeviceTopics {
  if (!ROOT_RE.test(root)) throw new Error(`topic root ${JSON.stringify(root)} is not valid`);
  if (!NAME_RE.test(device)) throw new Error(`device id ${JSON.stringify(device)} is not valid`);
  const base = `${root}/${device}`;
  return {
    status: `${base}/status`,
    birth: `${base}/birth`,
    reported: `${base}/reported`,
    telemetry: `${base}/telemetry`,
    events: `${base}/events`,
    ack: `${base}/ack`,
    desired: `${base}/desired`,
    cmd: `${base}/cmd`,
    alert: `${root}/alert`,
  };
}

export const groupCmdTopic = (root: string, group: string): string => `${root}/group/${group}/cmd`;
export const groupAlertTopic = (root: string, group: string): string => `${root}/group/${group}/alert`;

/** Which signed channel a topic a pole subscribes to belongs to, or undefined for anything else. */
export type InboundChannel = 'desired' | 'cmd' | 'alert';

export function channelOf(root: string, device: string, topic: string): InboundChannel | undefined {
  const t = deviceTopics(root, device);
  if (topic === t.desired) return 'desired';
  if (topic === t.cmd) return 'cmd';
  if (topic === t.alert) return 'alert';
  const prefix = `${root}/group/`;
  if (!topic.startsWith(prefix)) return undefined;
  const [group, last, ...rest] = topic.slice(prefix.length).split('/');
  if (rest.length > 0 || !group || !NAME_RE.test(group)) return undefined;
  return last === 'cmd' ? 'cmd' : last === 'alert' ? 'alert' : undefined;
}
