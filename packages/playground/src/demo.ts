/**
 * `pnpm demo`: the connector playground. With no settings it runs on an embedded SMTP server and a
 * local mock Naver; `pnpm demo --once` runs both flows headless on those and exits non-zero on failure.
 *
 * Real settings (environment; ignored by --once):
 *   SMTP_CONFIG_FILE=./smtp.json           your connector config, as pasted into Logto
 *   NAVER_CLIENT_ID / NAVER_CLIENT_SECRET  a real Naver app
 *   NAVER_CALLBACK_PORT=3001               fixed port; register http://localhost:<port>/callback/naver at Naver
 *   PORT                                   the page's port otherwise (default: any free port)
 */
import { runOnce } from './once.js';
import { startPlayground } from './playground.js';

const once = process.argv.includes('--once');
const { SMTP_CONFIG_FILE, NAVER_CLIENT_ID, NAVER_CLIENT_SECRET, NAVER_CALLBACK_PORT, PORT } = process.env;
const realNaver = !once && Boolean(NAVER_CLIENT_ID && NAVER_CLIENT_SECRET);

/** A fatal start-up problem as one line: no stack, and our messages never carry a secret. */
const fail = (message: string): never => {
  console.error(`Playground: ${message}`);
  process.exit(1);
};

const portSetting = once ? undefined : realNaver ? (NAVER_CALLBACK_PORT ?? PORT ?? '3001') : PORT;
const port = Number(portSetting ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  fail(`port ${JSON.stringify(portSetting)} is not a TCP port number.`);
}

const playground = await startPlayground({
  smtpConfigFile: once ? undefined : SMTP_CONFIG_FILE,
  naverClientId: realNaver ? NAVER_CLIENT_ID : undefined,
  naverClientSecret: realNaver ? NAVER_CLIENT_SECRET : undefined,
  port,
}).catch((error: unknown) => fail((error as Error).message));

if (once) {
  const passed = await runOnce(playground.url).catch((error: unknown) => {
    console.error(`FAIL  ${(error as Error).message}`);
    return false;
  });
  await playground.close();
  process.exit(passed ? 0 : 1);
}

console.log(`Connector playground: ${playground.url}`);
console.log(
  SMTP_CONFIG_FILE
    ? `Email: your SMTP server, config from ${SMTP_CONFIG_FILE} (secrets masked on the page).`
    : 'Email: embedded SMTP server (set SMTP_CONFIG_FILE to use yours).',
);
console.log(
  realNaver
    ? `Naver: real Naver. Register ${playground.naverCallbackUrl} as a Callback URL of your app.`
    : 'Naver: local mock (set NAVER_CLIENT_ID, NAVER_CLIENT_SECRET and NAVER_CALLBACK_PORT to use real Naver).',
);
console.log('Press Ctrl+C to stop.');
process.once('SIGINT', async () => {
  await playground.close();
  process.exit(0);
});
