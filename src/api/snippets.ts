// Any call as code in the languages integrations are written in: curl for bash and PowerShell, Node,
// Python, C#, Go and PHP. Our own rendering (docs/extension.md says why not @readme/httpsnippet): the
// session key and a login's password are read from VENSOFT_SESSION / VENSOFT_PASSWORD, never
// inlined; JSON bodies are sent as the exact text the client sends; answers are printed as text,
// since parsing them as doubles would round the 64-bit ids.

import { toCurl } from './curl';
import type { WireCall } from './wireCalls';

export const SNIPPET_LANGUAGES = [
  { id: 'curl', label: 'curl (bash)', language: 'shellscript' },
  { id: 'powershell', label: 'curl.exe (PowerShell 7.3+)', language: 'powershell' },
  { id: 'node', label: 'Node.js (fetch)', language: 'javascript' },
  { id: 'python', label: 'Python (urllib)', language: 'python' },
  { id: 'csharp', label: 'C# (HttpClient)', language: 'csharp' },
  { id: 'go', label: 'Go (net/http)', language: 'go' },
  { id: 'php', label: 'PHP (curl)', language: 'php' },
] as const;

export type SnippetLanguage = (typeof SNIPPET_LANGUAGES)[number]['id'];

/** A value written as it is, or read from an environment variable when the code runs. */
type Value = { text: string } | { env: string };

/** What every language renders: the request with its secrets replaced by environment variables. */
interface SnippetRequest {
  url: string;
  headers: Array<[string, Value]>;
  form?: Array<[string, Value]>;
  json?: string;
  /** "get/machine": named in a comment at the top. */
  method: string;
}

const SESSION_ENV = 'VENSOFT_SESSION';
const PASSWORD_ENV = 'VENSOFT_PASSWORD';
const SESSION: Value = { env: SESSION_ENV };
const PASSWORD: Value = { env: PASSWORD_ENV };
/** What to set before running: the variables the request reads (a login reads the password only). */
function runWith(r: SnippetRequest): string {
  const used = new Set([...r.headers, ...(r.form ?? [])].flatMap(([, v]) => ('env' in v ? [v.env] : [])));
  const needs = [
    used.has(SESSION_ENV) ? `${SESSION_ENV} set to your session key` : '',
    used.has(PASSWORD_ENV) ? `${PASSWORD_ENV} set to the password` : '',
  ].filter(Boolean);
  return needs.length ? ` Run with ${needs.join(' and ')}.` : '';
}

const FORM_TYPE = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

function snippetRequest(baseUrl: URL | string, call: WireCall, deviceToken?: string): SnippetRequest {
  const headers: Array<[string, Value]> = [];
  if (call.authenticated) headers.push(['SessionKey', SESSION]);
  if (deviceToken) headers.push(['DeviceToken', { text: deviceToken }]);
  const form = call.form?.length
    ? call.form.map(([name, text]): [string, Value] =>
        call.method === 'auth/login' && name === 'Password' ? [name, PASSWORD] : [name, { text }],
      )
    : undefined;
  if (call.json !== undefined) headers.push(['Content-Type', { text: JSON_TYPE }]);
  else if (form) headers.push(['Content-Type', { text: FORM_TYPE }]);
  return { url: new URL(call.path, baseUrl).toString(), headers, form, json: call.json, method: call.method };
}

/** The call as code in `language`; the key and a password come from the environment. */
export function renderSnippet(
  language: SnippetLanguage,
  baseUrl: URL | string,
  call: WireCall,
  deviceToken?: string,
): string {
  if (language === 'curl') return toCurl(baseUrl, call, deviceToken);
  return RENDERERS[language](snippetRequest(baseUrl, call, deviceToken));
}

// Literals: JSON's string syntax is valid in Python, C# and Go (\", \\, \n, \uXXXX).
const dq = (s: string) => JSON.stringify(s);
const sq = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const psq = (s: string) => `'${s.replace(/'/g, "''")}'`;

const RENDERERS: Record<Exclude<SnippetLanguage, 'curl'>, (r: SnippetRequest) => string> = {
  powershell(r) {
    // Double quotes where an environment variable is expanded, single quotes (nothing expanded) otherwise.
    const arg = (prefix: string, v: Value) =>
      'env' in v ? `"${prefix.replace(/[`"$]/g, '`$&')}$env:${v.env}"` : psq(prefix + v.text);
    const parts = ['curl.exe', psq(r.url), '-X', 'POST'];
    for (const [name, v] of r.headers.filter(([n]) => n !== 'Content-Type' || r.json !== undefined))
      parts.push('-H', arg(`${name}: `, v));
    if (r.json !== undefined) parts.push('--data-binary', psq(r.json));
    for (const [name, v] of r.form ?? []) parts.push('--data-urlencode', arg(`${name}=`, v));
    const env = runWith(r).replace(/ ([A-Z_]+) set/g, ' $$env:$1 set');
    return `# Vensoft ${r.method}.${env}\n${parts.join(' ')}`;
  },

  node(r) {
    const value = (v: Value) => ('env' in v ? `process.env.${v.env} ?? ''` : sq(v.text));
    const headers = r.headers.map(([n, v]) => `    ${sq(n)}: ${value(v)},`).join('\n');
    const body = r.form
      ? `  body: new URLSearchParams([\n${r.form.map(([n, v]) => `    [${sq(n)}, ${value(v)}],`).join('\n')}\n  ]).toString(),\n`
      : r.json !== undefined
        ? `  body: ${sq(r.json)},\n`
        : '';
    return [
      `// Vensoft ${r.method}.${runWith(r)}`,
      `fetch(${sq(r.url)}, {`,
      `  method: 'POST',`,
      `  headers: {\n${headers}\n  },`,
      `${body}}).then(async (response) => {`,
      `  // The answer as text: response.json() would round the 64-bit ids.`,
      `  console.log(await response.text());`,
      `  if (!response.ok) process.exitCode = 1;`,
      `});`,
      '',
    ].join('\n');
  },

  python(r) {
    const value = (v: Value) => ('env' in v ? `os.environ[${dq(v.env)}]` : dq(v.text));
    const headers = r.headers.map(([n, v]) => `        ${dq(n)}: ${value(v)},`).join('\n');
    const body = r.form
      ? `urllib.parse.urlencode([\n${r.form.map(([n, v]) => `    (${dq(n)}, ${value(v)}),`).join('\n')}\n]).encode()`
      : r.json !== undefined
        ? `${dq(r.json)}.encode()`
        : 'b""';
    return [
      `# Vensoft ${r.method}.${runWith(r)}`,
      `import os`,
      `import urllib.error`,
      `import urllib.parse`,
      `import urllib.request`,
      ``,
      `body = ${body}`,
      `request = urllib.request.Request(`,
      `    ${dq(r.url)},`,
      `    data=body,`,
      `    method="POST",`,
      `    headers={\n${headers}\n    },`,
      `)`,
      `try:`,
      `    with urllib.request.urlopen(request) as response:`,
      `        print(response.read().decode())  # json.loads of it keeps the ids exact (Python's ints are unbounded)`,
      `except urllib.error.HTTPError as error:  # Vensoft answers errors with HTTP 500 and {"code", "message"}`,
      `    print(error.read().decode())`,
      `    raise SystemExit(1)`,
      '',
    ].join('\n');
  },

  csharp(r) {
    const value = (v: Value) => ('env' in v ? `Environment.GetEnvironmentVariable(${dq(v.env)}) ?? ""` : dq(v.text));
    const lines = [
      `// Vensoft ${r.method} (a top-level program).${runWith(r)}`,
      `using var client = new HttpClient();`,
      `using var request = new HttpRequestMessage(HttpMethod.Post, ${dq(r.url)});`,
      ...r.headers.filter(([n]) => n !== 'Content-Type').map(([n, v]) => `request.Headers.Add(${dq(n)}, ${value(v)});`),
    ];
    if (r.form) {
      const pairs = r.form.map(([n, v]) => `    new KeyValuePair<string, string>(${dq(n)}, ${value(v)}),`);
      lines.push(`request.Content = new FormUrlEncodedContent(new[]\n{\n${pairs.join('\n')}\n});`);
    } else if (r.json !== undefined) {
      lines.push(`request.Content = new StringContent(${dq(r.json)}, System.Text.Encoding.UTF8, ${dq(JSON_TYPE)});`);
    }
    lines.push(
      `using var response = await client.SendAsync(request);`,
      `// The answer as text: ids are 64-bit unsigned (ulong), beyond a double's exact range.`,
      `Console.WriteLine(await response.Content.ReadAsStringAsync());`,
      '',
    );
    return lines.join('\n');
  },

  go(r) {
    const value = (v: Value) => ('env' in v ? `os.Getenv(${dq(v.env)})` : dq(v.text));
    const imports = ['fmt', 'io', 'net/http', ...(r.form ? ['net/url'] : []), 'os', 'strings'];
    const body = r.form
      ? [
          '\tform := url.Values{}',
          ...r.form.map(([n, v]) => `\tform.Add(${dq(n)}, ${value(v)})`),
          '\tbody := form.Encode()',
        ]
      : [`\tbody := ${dq(r.json ?? '')}`];
    return [
      `// Vensoft ${r.method}.${runWith(r)}`,
      `package main`,
      ``,
      `import (\n${imports.map((i) => `\t${dq(i)}`).join('\n')}\n)`,
      ``,
      `func main() {`,
      ...body,
      `\treq, err := http.NewRequest("POST", ${dq(r.url)}, strings.NewReader(body))`,
      `\tif err != nil {\n\t\tpanic(err)\n\t}`,
      ...r.headers.map(([n, v]) => `\treq.Header.Set(${dq(n)}, ${value(v)})`),
      `\tres, err := http.DefaultClient.Do(req)`,
      `\tif err != nil {\n\t\tpanic(err)\n\t}`,
      `\tdefer res.Body.Close()`,
      `\t// The answer as text; to decode it, use json.Decoder with UseNumber() so ids stay exact.`,
      `\ttext, _ := io.ReadAll(res.Body)`,
      `\tfmt.Println(string(text))`,
      `\tif res.StatusCode != http.StatusOK {\n\t\tos.Exit(1)\n\t}`,
      `}`,
      '',
    ].join('\n');
  },

  php(r) {
    const value = (v: Value) => ('env' in v ? `getenv(${sq(v.env)})` : sq(v.text));
    const headers = r.headers.map(([n, v]) => ('env' in v ? `${sq(`${n}: `)} . ${value(v)}` : sq(`${n}: ${v.text}`)));
    const body = r.form
      ? `http_build_query([\n${r.form.map(([n, v]) => `        ${sq(n)} => ${value(v)},`).join('\n')}\n    ])`
      : sq(r.json ?? '');
    return [
      `<?php`,
      `// Vensoft ${r.method}.${runWith(r)}`,
      `$curl = curl_init(${sq(r.url)});`,
      `curl_setopt_array($curl, [`,
      `    CURLOPT_POST => true,`,
      `    CURLOPT_RETURNTRANSFER => true,`,
      `    CURLOPT_HTTPHEADER => [${headers.join(', ')}],`,
      `    CURLOPT_POSTFIELDS => ${body},`,
      `]);`,
      `// The answer as text; json_decode($text, flags: JSON_BIGINT_AS_STRING) keeps the 64-bit ids exact.`,
      `echo curl_exec($curl), PHP_EOL;`,
      '',
    ].join('\n');
  },
};
