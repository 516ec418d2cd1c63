/** The playground page: one file, no framework, readable on a phone. */
export const pageHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Logto connector playground</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; color: #1f2328; }
  h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 0; }
  section { border: 1px solid #d0d7de; border-radius: .5rem; padding: 1rem; margin-bottom: 1rem; }
  label { display: block; font-weight: 600; margin-top: .75rem; }
  textarea, input, select { width: 100%; box-sizing: border-box; font: 14px ui-monospace, monospace; padding: .4rem; }
  textarea { min-height: 9rem; }
  .row { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: .75rem; }
  button, a.button { display: inline-block; margin-top: 1rem; padding: .6rem 1.2rem; font-size: 1rem; border-radius: .4rem;
    border: 0; background: #5d34f2; color: #fff; text-decoration: none; cursor: pointer; }
  a.naver { background: #03c75a; }
  .error { border-left: 4px solid #cf222e; background: #ffebe9; padding: .6rem; margin-top: .75rem; }
  .ok { border-left: 4px solid #1a7f37; background: #dafbe1; padding: .6rem; margin-top: .75rem; }
  code { word-break: break-all; background: #f6f8fa; padding: 0 .2rem; }
  pre { white-space: pre-wrap; word-break: break-word; background: #f6f8fa; padding: .6rem; }
  button#check { background: #fff; color: #5d34f2; border: 1px solid #5d34f2; margin-left: .5rem; }
  ul.findings { padding-left: 1.2rem; font-size: .9rem; } ul.findings li { margin: .3rem 0; word-break: break-word; }
  li.level-ok strong { color: #1a7f37; } li.level-warning strong { color: #9a6700; } li.level-blocker strong { color: #cf222e; }
  iframe { width: 100%; min-height: 10rem; border: 1px solid #d0d7de; background: #fff; }
  table { border-collapse: collapse; width: 100%; font-size: .85rem; } td { border-top: 1px solid #eee; padding: .2rem; vertical-align: top; word-break: break-all; }
</style>
</head>
<body>
<h1>Logto connector playground</h1>
<p id="mode"></p>
<p><a href="/gallery">Gallery of the built-in emails</a>: every message type in every language, phone and desktop width.</p>

<section aria-labelledby="email-title">
  <h2 id="email-title">Email (SMTP connector)</h2>
  <form id="email-form">
    <label for="config">Connector config (JSON)</label>
    <textarea id="config" name="config" spellcheck="false"></textarea>
    <div class="row">
      <div><label for="type">Template type</label><select id="type" name="type"></select></div>
      <div><label for="locale">Locale</label><input id="locale" name="locale" placeholder="ko-KR"></div>
      <div><label for="to">Recipient</label><input id="to" name="to" value="user@example.com"></div>
    </div>
    <label for="payload">Payload (JSON)</label>
    <textarea id="payload" name="payload" spellcheck="false">{
  "code": "123456",
  "link": "https://auth.example.com/magic?token=abc",
  "user": { "name": "Ann", "primaryEmail": "user@example.com" },
  "organization": { "name": "Acme" }
}</textarea>
    <button type="submit" id="send">Send</button>
    <button type="button" id="check">Check delivery</button>
    <div id="email-result" role="status" aria-live="polite"></div>
  </form>
</section>

<section aria-labelledby="naver-title">
  <h2 id="naver-title">Sign in with Naver (Naver connector)</h2>
  <p>Runs the real redirect flow: authorization URL, Naver's consent page, the callback, then the profile. Two flows: classic OAuth 2.0 (the default), or OpenID Connect (the <code>openIdConnect</code> switch: PKCE, and Naver's signed ID token checked against the profile).</p>
  <p id="naver-callback" hidden>Register this Callback URL in your Naver app first (Naver Developers → your app → API 설정): <code></code></p>
  <a class="button naver" id="naver-signin" href="/naver/start">Sign in with Naver</a>
  <a class="button naver" id="naver-signin-oidc" href="/naver/start?mode=oidc">Sign in (OpenID Connect)</a>
  <div id="naver-result" role="status" aria-live="polite"></div>
</section>

<script type="module">
const $ = (id) => document.getElementById(id);
const text = (value) => { const node = document.createElement('pre'); node.textContent = value; return node; };
const errorBox = (error) => {
  const box = document.createElement('div'); box.className = 'error'; box.setAttribute('role', 'alert');
  const title = document.createElement('strong'); title.textContent = 'Error: ' + error.code; box.append(title);
  const description = document.createElement('p'); description.textContent = error.description; box.append(description);
  return box;
};
const info = await (await fetch('/api/info')).json();
$('mode').textContent = info.mode;
if (info.naverCallbackUrl) { $('naver-callback').querySelector('code').textContent = info.naverCallbackUrl; $('naver-callback').hidden = false; }
$('config').value = JSON.stringify(info.emailConfig, null, 2);
for (const type of info.templateTypes) { const option = new Option(type, type); $('type').append(option); }
$('type').value = 'SignIn';

$('email-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const out = $('email-result'); out.replaceChildren(text('Sending…'));
  const body = Object.fromEntries(new FormData(event.target));
  const result = await (await fetch('/api/email/send', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();
  if (!result.ok) { out.replaceChildren(errorBox(result.error)); return; }
  const box = document.createElement('div'); box.className = 'ok';
  box.append(text(result.received ? 'Delivered. The SMTP server received:' : 'Sent (the real mail server accepted it).'));
  if (result.received) {
    const r = result.received;
    box.append(text('From: ' + r.from + '\\nTo: ' + r.to + '\\nSubject: ' + r.subject));
    if (r.html) { const frame = document.createElement('iframe'); frame.title = 'Rendered HTML'; frame.setAttribute('sandbox', ''); frame.srcdoc = r.html; box.append(frame); }
    const plain = document.createElement('h3'); plain.textContent = 'Plain text'; box.append(plain, text(r.text ?? ''));
    const details = document.createElement('details'); const summary = document.createElement('summary'); summary.textContent = 'Headers'; details.append(summary);
    const table = document.createElement('table');
    for (const [name, value] of r.headers) { const row = table.insertRow(); row.insertCell().textContent = name; row.insertCell().textContent = value; }
    details.append(table); box.append(details);
  }
  out.replaceChildren(box);
});

$('check').addEventListener('click', async () => {
  const out = $('email-result'); out.replaceChildren(text('Checking (nothing is sent)…'));
  const result = await (await fetch('/api/email/check', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ config: $('config').value }) })).json();
  if (!result.ok) { out.replaceChildren(errorBox(result.error)); return; }
  const box = document.createElement('div'); box.className = result.blocked ? 'error' : 'ok'; box.setAttribute('role', result.blocked ? 'alert' : 'status');
  box.append(text(result.blocked ? 'Each BLOCKER keeps mail from arriving, or a fallback from taking over. Fix it, then check again:' : 'Nothing blocks delivery:'));
  const list = document.createElement('ul'); list.className = 'findings';
  for (const finding of result.findings) {
    const item = document.createElement('li'); item.className = 'level-' + finding.level;
    const level = document.createElement('strong'); level.textContent = finding.level.toUpperCase() + ' ';
    item.append(level, finding.subject + ': ' + finding.message); list.append(item);
  }
  box.append(list); out.replaceChildren(box);
});

const naverId = new URLSearchParams(location.search).get('naver');
if (naverId) {
  const out = $('naver-result');
  const result = await (await fetch('/api/naver/result/' + encodeURIComponent(naverId))).json();
  if (!result.ok) { out.replaceChildren(errorBox(result.error)); }
  else {
    const box = document.createElement('div'); box.className = 'ok';
    box.append(text('Signed in over ' + (result.openIdConnect ? 'OpenID Connect (PKCE, ID token verified).' : 'OAuth 2.0 (classic flow).') + ' SocialUserInfo:'), text(JSON.stringify(result.userInfo, null, 2)));
    if (result.tokenResponse) box.append(text('Token response (tokens masked):'), text(JSON.stringify(result.tokenResponse, null, 2)));
    out.replaceChildren(box);
  }
  $('naver-title').scrollIntoView();
}
</script>
</body>
</html>`;
