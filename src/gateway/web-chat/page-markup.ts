/** Markup of the web chat page; the script and styles are inlined by page.ts. */

/** The body of the page. Every id here is looked up by the page script. */
export const PAGE_BODY = `
<header>
  <h1>PicoClaw</h1><span id="state">connecting…</span><span class="spacer"></span>
  <button id="change-token" type="button">Token</button>
  <button id="clear" type="button">Clear history</button>
</header>
<div id="banner" role="status" aria-live="polite"></div>
<form id="login" autocomplete="off">
  <input id="token" type="password" placeholder="Gateway token (channel_list.pico.settings.token)" aria-label="Gateway token">
  <button class="primary" type="submit">Connect</button>
</form>
<main id="log" aria-live="polite"></main>
<div id="typing">PicoClaw is typing…</div>
<form id="composer">
  <textarea id="input" placeholder="Message PicoClaw (Enter to send, Shift+Enter for a new line)" aria-label="Message"></textarea>
  <button class="primary" id="send" type="submit">Send</button>
</form>
`;
