export * from './output/index.js';
