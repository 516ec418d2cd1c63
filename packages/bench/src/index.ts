/**
 * `pnpm bench`: our connectors against the official ones, side by side in one run. Absolute
 * times depend on the machine; round trips and ratios are the figures to compare.
 */
import { runNaverBench } from './naver/section.js';
import { runFailoverBench } from './smtp/failover-section.js';
import { runSmtpBench } from './smtp/section.js';

await runSmtpBench();
await runFailoverBench();
await runNaverBench();
