export * from './firewall/index.js';
export * from './netconf/index.js';
export * from './portal/index.js';
export * from './sessions/index.js';
