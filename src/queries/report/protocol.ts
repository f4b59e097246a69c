// What the report webview (webview/report.ts) and its panel (reportPanel.ts) say to each other:
// the one definition both sides compile against.
import type { Pivot, PivotSort } from './model/pivot';
import type { ReportDraft } from './model/reportFile';

export type ReportRequest =
  | { kind: 'ready' }
  | { kind: 'run' }
  | { kind: 'cancel' }
  /** `seq` counts the builder's edits, so that it can tell its own older edits coming back. */
  | { kind: 'edit'; draft: ReportDraft; seq: number }
  | { kind: 'export'; format: 'csv' | 'tsv'; sort: PivotSort | null }
  | { kind: 'save' }
  | { kind: 'rendered'; ms: number; cells: number }
  /** A click on an id group's value: open the object it names. */
  | { kind: 'openLink'; attribute: string; value: string }
  /** The pointer or focus rests on an id group's value: what is it? (answered by linkInfo) */
  | { kind: 'describeLink'; attribute: string; value: string };

export type ReportMessage =
  /** The file as the builder shows it; `problem` when its JSON cannot be read. */
  | {
      kind: 'draft';
      type: string;
      name: string;
      draft: ReportDraft | null;
      problem?: string;
      attributes: string[];
      seq: number;
    }
  | { kind: 'running' }
  /** `run` numbers the panel's runs: the page already showing that run need not draw it again. */
  | { kind: 'result'; pivot: Pivot; run: number; ms: number; at: string; ranDraft: ReportDraft }
  | { kind: 'error'; message: string }
  | { kind: 'cancelled' }
  /** What an id group's value points at, in words: its link's tooltip. */
  | { kind: 'linkInfo'; attribute: string; value: string; text: string };
