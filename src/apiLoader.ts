// The API layer (src/api with undici and zod) is its own bundle, dist/api.js, loaded on first
// use: activation does not pay for it. Every feature reaches it through loadApi, so that all share
// one instance. Its errors are told apart by the guards of core/errors.ts, not by instanceof.
import type * as Api from './api';

let api: typeof Api | undefined;

export function loadApi(): Promise<typeof Api> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a sibling bundle, loaded on demand
  api ??= require('./api.js') as typeof Api;
  return Promise.resolve(api);
}
