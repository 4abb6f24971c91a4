import { readFileSync } from 'node:fs';
import { Parser } from '@asyncapi/parser';
import { describe, expect, it } from 'vitest';
import { BEGIN, DOC, END, renderBlock } from '../../../scripts/gen-mqtt-doc.js';
import { buildAsyncApi, COMMAND_TYPES, eventDataSchemas } from '../../../sync/index.js';

const docText = readFileSync(DOC, 'utf8');

describe('docs/mqtt.md AsyncAPI document', () => {
  it('is exactly what the contract schemas generate (run npm run docs:mqtt after changing them)', () => {
    const a = docText.indexOf(BEGIN);
    const b = docText.indexOf(END);
    expect(a).toBeGreaterThan(0);
    expect(docText.slice(a, b + END.length)).toBe(renderBlock());
  });

  it('is a valid AsyncAPI 3 document', async () => {
    const yaml = docText.slice(
      docText.indexOf('```yaml', docText.indexOf(BEGIN)) + 8,
      docText.indexOf(`\`\`\`\n${END}`),
    );
    const { document, diagnostics } = await new Parser().parse(yaml);
    const errors = diagnostics.filter((d) => d.severity === 0);
    expect(errors.map((e) => `${e.path.join('.')}: ${e.message}`)).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
    expect(document?.channels().length).toBe(11);
  });

  it('describes every command and event type the code knows', () => {
    const doc = buildAsyncApi() as { components: { messages: Record<string, unknown> } };
    const names = Object.keys(doc.components.messages);
    for (const c of COMMAND_TYPES) expect(names).toContain(c.replace('.', '-'));
    for (const e of Object.keys(eventDataSchemas)) expect(names).toContain(`event-${e.replace('.', '-')}`);
  });
});
