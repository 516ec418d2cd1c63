/**
 * `pnpm demo`: the connector playground. With no settings it runs on an embedded SMTP server and a
 * local mock Naver; `pnpm demo --once` runs both flows headless and exits non-zero on failure.
 *
 * Real settings (environment):
 *   SMTP_CONFIG_FILE=./smtp.json           your connector config, as pasted into Logto
 *   NAVER_CLIENT_ID / NAVER_CLIENT_SECRET  a real Naver app
 *   NAVER_CALLBACK_PORT=3001               fixed port; register http://127.0.0.1:<port>/callback/naver at Naver
 */
import { runOnce } from './once.js';
import { startPlayground } from './playground.js';

const once = process.argv.includes('--once');
const { SMTP_CONFIG_FILE, NAVER_CLIENT_ID, NAVER_CLIENT_SECRET, NAVER_CALLBACK_PORT, PORT } = process.env;
const realNaver = Boolean(NAVER_CLIENT_ID && NAVER_CLIENT_SECRET);

const playground = await startPlayground({
  smtpConfigFile: once ? undefined : SMTP_CONFIG_FILE,
  naverClientId: once ? undefined : NAVER_CLIENT_ID,
  naverClientSecret: once ? undefined : NAVER_CLIENT_SECRET,
  port: Number(NAVER_CALLBACK_PORT ?? PORT ?? (realNaver ? 3001 : 0)),
});

if (once) {
  const passed = await runOnce(playground.url).catch((error: unknown) => {
    console.error(`FAIL  ${(error as Error).message}`);
    return false;
  });
  await playground.close();
  process.exit(passed ? 0 : 1);
}

console.log(`Connector playground: ${playground.url}`);
if (realNaver) {
  console.log(`Naver: register ${playground.url}/callback/naver as a Callback URL of your app.`);
}
console.log('Press Ctrl+C to stop.');
process.once('SIGINT', async () => {
  await playground.close();
  process.exit(0);
});
