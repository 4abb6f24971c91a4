export * from './library/index.js';
export * from './output/index.js';
export * from './pcm.js';
export * from './player/index.js';
export * from './tts/index.js';
