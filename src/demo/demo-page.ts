const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1f2328}
a{color:#0b57d0}code{background:#f3f4f6;padding:0 .25rem;border-radius:4px}`;

function page(title: string, body: string, script = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
${script}
</body>
</html>
`;
}

/** A host page as a site owner would make it: some content and the embed snippet. */
export function demoPage(website: { name: string; key: string }): string {
  return page(
    'Zendo demo page',
    `<h1>A sample website</h1>
<p>This page embeds the chat widget of <strong>${escape(website.name)}</strong>, the way any site would:</p>
<pre><code>&lt;script src="/widget.js" data-website-key="${escape(website.key)}" async&gt;&lt;/script&gt;</code></pre>
<p>Open the chat with the button in the corner and write as a visitor. Then answer in the
<a href="/app/">console</a>, signed in as the owner of ${escape(website.name)}.</p>`,
    `<script src="/widget.js" data-website-key="${escape(website.key)}" async></script>`,
  );
}

/** Before the first account there is nobody to own the demo website. */
export function signUpFirstPage(): string {
  return page(
    'Zendo demo page',
    `<h1>Sign up first</h1>
<p>The demo page embeds the chat of a demo website owned by the first account of this server,
and there is no account yet.</p>
<p><a href="/app/signup">Create the first account</a>, then come back to <a href="/demo">/demo</a>.</p>`,
  );
}
