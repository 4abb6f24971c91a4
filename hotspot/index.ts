export * from './firewall/index.js';
export * from './portal/index.js';
