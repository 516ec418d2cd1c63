import { runSmtpBench } from './smtp/section.js';

await runSmtpBench();
