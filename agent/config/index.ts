export { envOverrides, type LoadedConfig, loadConfig } from './load.js';
export { configSchema, type TiangConfig, type TiangConfigInput } from './schema.js';
