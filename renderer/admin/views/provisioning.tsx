import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import { ApiError, requestJson } from '../../ui/http.ts';
import { Bi } from './bi.tsx';

/** GET /api/admin/provisioning (docs/http.md). */
interface Provisioning {
  configFile: string | null;
  deviceId: string;
  deviceName: string;
  brokerUrl: string;
  tls: { ca?: string; cert?: string; key?: string };
  trustedKeys: { kid: string; publicKey: string }[];
  restartNeeded: boolean;
}
interface Problem {
  field: string;
  message: { id: string; en: string };
}

type Form = {
  deviceId: string;
  deviceName: string;
  brokerUrl: string;
  ca: string;
  cert: string;
  key: string;
  /** One key a line: "kid publicKey". */
  keys: string;
};

const toForm = (p: Provisioning): Form => ({
  deviceId: p.deviceId,
  deviceName: p.deviceName,
  brokerUrl: p.brokerUrl,
  ca: p.tls.ca ?? '',
  cert: p.tls.cert ?? '',
  key: p.tls.key ?? '',
  keys: p.trustedKeys.map((k) => `${k.kid} ${k.publicKey}`).join('\n'),
});

const toBody = (f: Form) => ({
  deviceId: f.deviceId.trim(),
  deviceName: f.deviceName.trim(),
  brokerUrl: f.brokerUrl.trim(),
  tls: {
    ...(f.ca.trim() ? { ca: f.ca.trim() } : {}),
    ...(f.cert.trim() ? { cert: f.cert.trim() } : {}),
    ...(f.key.trim() ? { key: f.key.trim() } : {}),
  },
  trustedKeys: f.keys
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [kid = '', publicKey = ''] = line.split(/\s+/);
      return { kid, publicKey };
    }),
});

/**
 * Provisioning: which pole this is, where its control room is, the TLS files and the keys
 * it trusts. "Periksa" checks everything with the agent first; "Simpan" saves only when
 * nothing is wrong (the agent checks again) and the pole uses it after a restart.
 */
export function ProvisioningForm() {
  const [loaded, setLoaded] = useState<Provisioning | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [problems, setProblems] = useState<Problem[] | null>(null);
  const [said, setSaid] = useState<{ text: { id: string; en: string }; tone: 'ok' | 'error' } | null>(null);
  useEffect(() => {
    requestJson<Provisioning>('/api/admin/provisioning')
      .then((p) => {
        setLoaded(p);
        setForm(toForm(p));
      })
      .catch(() => setSaid({ text: both('admin.setup.loadFailed'), tone: 'error' }));
  }, []);
  if (!form || !loaded)
    return <div aria-live="polite">{said && <Bi text={said.text} tone={said.tone} />}</div>;

  const field = (name: keyof Form, label: string, multiline = false) => {
    const mine = problems?.filter((p) => p.field.startsWith(fieldPath(name))) ?? [];
    const props = {
      value: form[name],
      'aria-invalid': mine.length > 0,
      onInput: (e: Event) => setForm({ ...form, [name]: (e.currentTarget as HTMLInputElement).value }),
    };
    const id = `setup-${name}`;
    return (
      <div class="field" data-field={name}>
        <label for={id}>{label}</label>
        {multiline ? (
          <textarea id={id} rows={3} {...props} />
        ) : (
          <input id={id} type="text" spellcheck={false} {...props} />
        )}
        {mine.map((p) => (
          <Bi key={p.field + p.message.en} text={p.message} tone="error" />
        ))}
      </div>
    );
  };

  const check = async (save: boolean) => {
    setSaid(null);
    try {
      if (save) {
        await requestJson('/api/admin/provisioning', { method: 'PUT', body: toBody(form) });
        setProblems([]);
        setSaid({ text: both('admin.setup.saved'), tone: 'ok' });
      } else {
        const r = await requestJson<{ ok: boolean; problems: Problem[] }>('/api/admin/provisioning/check', {
          method: 'POST',
          body: toBody(form),
        });
        setProblems(r.problems);
        setSaid({
          text: both(r.ok ? 'admin.setup.ok' : 'admin.setup.problems'),
          tone: r.ok ? 'ok' : 'error',
        });
      }
    } catch (err) {
      const body =
        err instanceof ApiError ? (err.body as { problems?: Problem[]; error?: string }) : undefined;
      if (body?.problems) setProblems(body.problems);
      setSaid({
        text: body?.error ? { id: body.error, en: body.error } : both('admin.setup.problems'),
        tone: 'error',
      });
    }
  };

  return (
    <section class="panel provisioning" aria-labelledby="setup-title">
      <h2 class="section-title" id="setup-title">
        {t('admin.setup.title')}
      </h2>
      <p class="panel-intro">
        {loaded.configFile ? t('admin.setup.file', { file: loaded.configFile }) : t('admin.setup.noFile')}
      </p>
      {field('deviceId', t('admin.setup.deviceId'))}
      {field('deviceName', t('admin.setup.deviceName'))}
      {field('brokerUrl', t('admin.setup.broker'))}
      {field('ca', t('admin.setup.ca'))}
      {field('cert', t('admin.setup.cert'))}
      {field('key', t('admin.setup.key'))}
      {field('keys', t('admin.setup.keys'), true)}
      <div class="button-row">
        <button type="button" class="big-button" onClick={() => void check(false)}>
          {t('admin.setup.check')}
        </button>
        <button type="button" class="big-button primary" onClick={() => void check(true)}>
          {t('admin.controls.save')}
        </button>
      </div>
      <div aria-live="polite">{said && <Bi text={said.text} tone={said.tone} />}</div>
    </section>
  );
}

/** Where the agent reports a form field's problems (its body field names). */
function fieldPath(name: keyof Form): string {
  return name === 'ca' || name === 'cert' || name === 'key'
    ? `tls.${name}`
    : name === 'keys'
      ? 'trustedKeys'
      : name;
}

const both = (key: Parameters<typeof t>[0]) => ({ id: t(key, undefined, 'id'), en: t(key, undefined, 'en') });
