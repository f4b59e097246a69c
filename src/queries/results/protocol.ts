// What the results webview (webview/results.ts) and its panel (resultsPanel.ts) say to each other:
// the one definition both sides compile against.
import type { ResultPage } from './model/resultTable';

/** What the results webview asks of the extension (webview/results.ts sends these). */
export type ResultsRequest =
  | { kind: 'ready' }
  | { kind: 'open'; id: string }
  | { kind: 'page'; offset: number }
  | { kind: 'sort'; attribute: string }
  | { kind: 'refresh' }
  | { kind: 'json' }
  /** The rows selected now, by id (digits, as text), in the order an export writes them. */
  | { kind: 'select'; ids: string[] }
  /** "Export Selected Rows…": these ids (the selection at the click). */
  | { kind: 'exportSelected'; ids: string[] }
  /** An id in a link column: `open` follows it, otherwise the view wants its description. */
  | { kind: 'link'; attribute: string; value: string; open: boolean };

/** What the extension tells the results webview. */
export type ResultsMessage =
  /** `newRun`: the filter was run again, a new result: the selection of the last one is cleared. */
  | { kind: 'page'; page: ResultPage; newRun: boolean }
  | { kind: 'busy' }
  | { kind: 'error'; message: string }
  /** What a link (attribute and id) points at, in words: its cells' tooltip. */
  | { kind: 'linkInfo'; attribute: string; value: string; text: string };
