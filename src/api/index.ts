// The Vensoft API client's public surface.
export {
  VensoftClient,
  type VensoftClientOptions,
  type CallOptions,
  type ListOptions,
  type RequestLogEntry,
  type WriteStartContext,
  type WriteOutcome,
  type WriteSettle,
  type Exchange,
} from './vensoftClient';
export {
  VensoftError,
  SessionExpiredError,
  VensoftConnectionError,
  normaliseCode,
  type ConnectionProblem,
} from './vensoftError';
export { wireCalls, type WireCall } from './wireCalls';
export { toCurl } from './curl';
export * from './wireSchemas';
export { SNIPPET_LANGUAGES, renderSnippet, type SnippetLanguage } from './snippets';
