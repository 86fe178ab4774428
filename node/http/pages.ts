// Built-in pages. Plain, self-contained HTML: no external assets, no scripts.

const style =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:15vh auto;padding:0 1.5rem;color:#222}' +
  'h1{font-size:1.6rem;margin:0 0 .5rem}code{background:#f3f3f3;padding:.1rem .3rem;border-radius:3px}' +
  'p{color:#555}@media(prefers-color-scheme:dark){body{background:#111;color:#eee}p{color:#aaa}code{background:#222}}'

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title><style>${style}</style></head><body>${body}</body></html>`
}

export function welcomePage(domain: string): string {
  return page(
    'fazt',
    `<h1>fazt is running</h1><p>This node serves <code>${escapeHtml(domain)}</code>. Nothing is deployed at the root yet.</p>` +
      '<p>Deploy a site here with <code>fazt app deploy ./site --name root</code>, or any app at ' +
      `<code>&lt;name&gt;.${escapeHtml(domain)}</code> with <code>fazt app deploy ./site</code>.</p>`,
  )
}

export function notFoundPage(): string {
  return page('Not found', '<h1>404 — not found</h1><p>Nothing is served at this address.</p>')
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
