export { catalogue, isMessageKey, type MessageKey } from './catalogue.ts';
export * from './format.ts';
export * from './locale.ts';
