// What the bulk page (webview/bulkPage.ts) and its panel (bulkPanel.ts) say to each other: the
// one definition both sides compile against. The host words everything; the page only draws it.

/** A button of the page; each is also a command (vensoft.bulk.run, …) for the keyboard and for tests. */
export type PageAction = 'run' | 'cancel' | 'retry' | 'revert';

/** One object's row: its name, then what happens to it (lines), and how it reads (a delete, a skip). */
export interface PageRow {
  object: string;
  lines: string[];
  tone?: 'delete' | 'skip' | 'failed';
}

export interface PageSection {
  heading: string;
  columns: [string, string];
  rows: PageRow[];
}

/** A preview or a summary of one bulk run, as the page shows it. */
export interface BulkPageModel {
  title: string;
  /** The counts, as a sentence. */
  counts: string;
  /** What else to know first (a delete that cannot be undone, a cancelled run). */
  notes: string[];
  /** What the user may not change: a heading and one line each. */
  refused?: { heading: string; lines: string[] };
  sections: PageSection[];
  actions: Array<{ action: PageAction; label: string; primary: boolean }>;
  /** What the page is doing now (waiting for the run, cancelled), in place of buttons. */
  status?: string;
}

export type BulkPageRequest = { kind: 'ready' } | { kind: 'action'; action: PageAction };

export type BulkPageMessage = { kind: 'page'; page: BulkPageModel };
