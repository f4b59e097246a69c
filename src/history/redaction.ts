// What the request history never keeps: a Password, SessionKey or DeviceToken, as a form field or as a
// JSON member of the body sent or the answer. Applied when entries are built, in the batch off the
// request's path (the client hands its exchanges over as they are).
import type { Exchange } from '../api';

export const REDACTED = '(redacted)';
const SECRET_NAMES = ['Password', 'SessionKey', 'DeviceToken'];
const SECRET_FIELDS = new Set(SECRET_NAMES);
const SECRET_MEMBERS = /("(?:Password|SessionKey|DeviceToken)"\s*:\s*)"(?:[^"\\]|\\.)*"/g;

// Most texts name no secret: three plain searches are far cheaper than the expression's scan.
const redactText = (text: string) =>
  SECRET_NAMES.some((name) => text.includes(name)) ? text.replace(SECRET_MEMBERS, `$1"${REDACTED}"`) : text;

/** The exchange fit to keep; the exchange itself when there is nothing to redact (no copy). */
export function redactedExchange(exchange: Exchange): Exchange {
  const { call, response } = exchange;
  const secretField = call.form?.some(([name]) => SECRET_FIELDS.has(name));
  const json = call.json === undefined ? undefined : redactText(call.json);
  const answer = redactText(response);
  if (!secretField && json === call.json && answer === response) return exchange;
  const form = call.form?.map(([name, value]): [string, string] => [name, SECRET_FIELDS.has(name) ? REDACTED : value]);
  return { ...exchange, call: { ...call, form, json }, response: answer };
}
