// The results view's header line, in the display language: "21–40 of 1,412 filtered · 200,000 in
// all · page 2 of 71", or "21–40 von 1.412 gefiltert · …". No DOM here: the UI tests build the
// line they expect with it.
import * as l10n from '@vscode/l10n';
import { pagePosition, type ResultPage } from '../model/resultTable';

export function pageSummary(
  page: Pick<ResultPage, 'offset' | 'limited' | 'filtered' | 'total' | 'pageSize'>,
  locale: string,
): string {
  const p = pagePosition(page);
  const n = (x: number) => x.toLocaleString(locale);
  if (p.shown === 0) return l10n.t('No objects · {0} filtered · {1} in all', n(p.filtered), n(p.total));
  if (p.pages === 1)
    return l10n.t('{0}–{1} of {2} filtered · {3} in all', n(p.first), n(p.last), n(p.filtered), n(p.total));
  return l10n.t(
    '{0}–{1} of {2} filtered · {3} in all · page {4} of {5}',
    n(p.first),
    n(p.last),
    n(p.filtered),
    n(p.total),
    n(p.at),
    n(p.pages),
  );
}
