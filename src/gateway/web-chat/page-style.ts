/** Styles of the web chat page: system fonts only, light and dark, no external resources. */

/** The page's CSS. */
export const PAGE_STYLE = `
:root { color-scheme: light dark; --bg: #f6f7f9; --panel: #fff; --fg: #1d2430; --muted: #6b7280;
  --me: #2563eb; --me-fg: #fff; --bot: #eef1f5; --warn: #b45309; --err: #b91c1c; --line: #d9dee5; }
@media (prefers-color-scheme: dark) { :root { --bg: #111418; --panel: #181c22; --fg: #e6e9ee;
  --muted: #9aa3af; --bot: #222831; --line: #2c333d; } }
* { box-sizing: border-box; }
html, body { height: 100%; margin: 0; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: var(--bg);
  color: var(--fg); display: flex; flex-direction: column; }
header { display: flex; align-items: center; gap: .6rem; padding: .6rem 1rem; background: var(--panel);
  border-bottom: 1px solid var(--line); }
header h1 { font-size: 1rem; margin: 0; font-weight: 600; }
header .spacer { flex: 1; }
#state { font-size: .8rem; color: var(--muted); }
button { font: inherit; border: 1px solid var(--line); background: var(--panel); color: var(--fg);
  border-radius: .5rem; padding: .35rem .8rem; cursor: pointer; }
button.primary { background: var(--me); color: var(--me-fg); border-color: var(--me); }
#banner { display: none; padding: .5rem 1rem; font-size: .9rem; background: #fef3c7; color: #78350f; }
#banner.error { background: #fee2e2; color: #7f1d1d; }
#banner.show { display: block; }
#login { display: none; gap: .5rem; padding: .6rem 1rem; background: var(--panel); border-bottom: 1px solid var(--line); }
#login.show { display: flex; }
#login input { flex: 1; }
main { flex: 1; overflow-y: auto; padding: 1rem; display: flex; flex-direction: column; gap: .5rem; }
.msg { max-width: min(46rem, 85%); padding: .5rem .75rem; border-radius: .9rem; white-space: pre-wrap;
  overflow-wrap: anywhere; }
.msg.user { align-self: flex-end; background: var(--me); color: var(--me-fg); border-bottom-right-radius: .25rem; }
.msg.assistant { align-self: flex-start; background: var(--bot); border-bottom-left-radius: .25rem; }
.msg.placeholder, .msg.thought { color: var(--muted); font-style: italic; }
.msg.tool { align-self: flex-start; font-size: .85rem; color: var(--muted); background: none; padding: 0 .75rem; }
.msg.error { align-self: center; color: var(--err); background: none; font-size: .9rem; }
#typing { visibility: hidden; padding: 0 1rem .3rem; color: var(--muted); font-size: .85rem; }
#typing.show { visibility: visible; }
form#composer { display: flex; gap: .5rem; padding: .6rem 1rem 1rem; background: var(--panel);
  border-top: 1px solid var(--line); }
input, textarea { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--line);
  border-radius: .5rem; padding: .45rem .6rem; }
textarea { flex: 1; resize: none; height: 2.6rem; }
`;
