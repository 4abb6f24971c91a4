import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { simulatorConfig } from '../../../agent/cli/config-path.js';
import { loadConfig } from '../../../agent/config/index.js';
import { isTiangError, type TiangError } from '../../../core/index.js';
import { tempDir } from '../../helpers/temp-dir.js';

const dirs: { remove: () => void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove();
});

function writeConfig(text: string): string {
  const dir = tempDir();
  dirs.push(dir);
  const file = path.join(dir.path, 'tiang.yaml');
  writeFileSync(file, text);
  return file;
}

function loadError(file: string, env: NodeJS.ProcessEnv = {}): TiangError {
  try {
    loadConfig(file, { env });
  } catch (err) {
    if (isTiangError(err)) return err;
    throw err;
  }
  throw new Error('expected loadConfig to fail');
}

describe('config', () => {
  it('fills defaults around a minimal file and resolves dataDir from the file folder', () => {
    const file = writeConfig('device:\n  id: blt-kanigoro-007\ndataDir: ./data\n');
    const { config } = loadConfig(file, { env: {} });
    expect(config.device.timezone).toBe('Asia/Jakarta');
    expect(config.http).toEqual({ host: '127.0.0.1', port: 8080, bodyLimitBytes: 65536 });
    expect(config.mqtt.url).toBe('embedded');
    expect(config.gpio.amplifierEnable).toBe(17);
    expect(config.dataDir).toBe(path.join(path.dirname(file), 'data'));
    expect(config.simulate).toBe(false);
  });

  it('reports every error at once, each with its path', () => {
    const file = writeConfig(
      [
        'device:',
        '  id: BAD ID',
        '  timezone: Mars/Olympus',
        'http:',
        '  port: 99999',
        '  host: 0.0.0.0',
        'gpio:',
        '  amplifierEnable: 17',
        '  amplifierMute: 17',
        'colour: blue',
      ].join('\n'),
    );
    const err = loadError(file);
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toContain(file);
    expect(err.message).toContain('device.id: must be 3 to 32 characters');
    expect(err.message).toContain('device.timezone: is not a known IANA time zone');
    expect(err.message).toMatch(/http\.port: .*65535/);
    expect(err.message).toContain('http.host');
    expect(err.message).toContain('gpio.amplifierMute: uses BCM 17, already used by gpio.amplifierEnable');
    expect(err.message).toContain('unknown key "colour"');
    expect(err.message).toContain('has 6 errors');
    expect(err.fix.id).toMatch(/Perbaiki/);
    expect(err.fix.en).toMatch(/Correct/);
  });

  it('names the line of a YAML syntax error', () => {
    const file = writeConfig('device:\n  id: blt-a-001\n  name: [unclosed\n');
    const err = loadError(file);
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toMatch(/not valid YAML:\n\s+- line \d+ column \d+/);
  });

  it('refuses a missing file with the fix to copy the default', () => {
    const dir = tempDir();
    dirs.push(dir);
    const err = loadError(path.join(dir.path, 'absent.yaml'));
    expect(err.code).toBe('CONFIG_MISSING');
    expect(err.fix.en).toContain('deploy/tiang.yaml');
  });

  it('refuses a file that is not a mapping', () => {
    const err = loadError(writeConfig('- just\n- a list\n'));
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toContain('must be a YAML mapping');
  });

  it('refuses an unreadable config (a folder)', () => {
    const dir = tempDir();
    dirs.push(dir);
    expect(loadError(dir.path).code).toBe('CONFIG_UNREADABLE');
  });

  it('applies environment overrides, and validates them like the file', () => {
    const file = writeConfig('device:\n  id: blt-a-001\n');
    const { config, overriddenBy } = loadConfig(file, {
      env: { TIANG_HTTP_PORT: '9090', TIANG_DATA_DIR: 'rel/dir', TIANG_MQTT_URL: 'mqtts://cr.example:8883' },
    });
    expect(config.http.port).toBe(9090);
    expect(config.mqtt.url).toBe('mqtts://cr.example:8883');
    expect(config.dataDir).toBe(path.resolve('rel/dir'));
    expect(overriddenBy.sort()).toEqual(['TIANG_DATA_DIR', 'TIANG_HTTP_PORT', 'TIANG_MQTT_URL']);

    const err = loadError(file, { TIANG_HTTP_PORT: 'eighty', TIANG_LOG_LEVEL: 'loud' });
    expect(err.message).toContain('env TIANG_HTTP_PORT (http.port): "eighty" is not a whole number');
    expect(err.message).toContain('log.level');
  });

  it('rejects TLS files with the embedded broker and a cert without its key', () => {
    const err = loadError(writeConfig('device:\n  id: blt-a-001\nmqtt:\n  cert: c.pem\n'));
    expect(err.message).toContain('mqtt.url: is "embedded", which takes no TLS files');
    expect(err.message).toContain('mqtt.cert: and mqtt.key must be given together');
  });

  it('ships a simulator config that is valid', () => {
    const { config } = loadConfig(simulatorConfig(), { env: {} });
    expect(config.simulate).toBe(true);
    expect(config.device.id).toBe('blt-sim-001');
  });
});
