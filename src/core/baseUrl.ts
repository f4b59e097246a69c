// A Vensoft base URL as a user types it: scheme, host and the API version segment, nothing more.

/** Path segments that name API methods: a base URL that ends in one has gone past the version. */
const API_METHODS = new Set([
  'auth',
  'login',
  'logout',
  'validate',
  'describe',
  'get',
  'getmany',
  'list',
  'getstructure',
  'getcontainer',
  'create',
  'update',
  'updatemany',
  'move',
  'delete',
  'undelete',
  'deletemany',
  'report',
  'ace',
  'upload',
]);

export function normaliseBaseUrl(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** Checks a base URL as typed by a user; returns a message saying what to fix, or undefined. */
export function baseUrlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'Enter a URL such as https://api.vensoft.de/stable/';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return 'The URL must start with https:// (or http:// for a local server).';
  if (url.username || url.password)
    return 'Credentials must not be part of the URL: you will be asked for them when logging in.';
  if (url.search || url.hash) return 'The base URL takes no query (?…) or fragment (#…).';
  const segments = url.pathname.split('/').filter(Boolean);
  if (segments.length === 0) return 'Add the API version to the path, e.g. …/stable/ or …/2/.';
  if (API_METHODS.has(segments.at(-1)!.toLowerCase()))
    return `The base URL ends at the API version (…/stable/ or …/2/), without a method such as "${segments.at(-1)}/".`;
  return undefined;
}
