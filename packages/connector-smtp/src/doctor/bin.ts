#!/usr/bin/env node
import { closeSmtpTransports } from '../delivery/transport-registry.js';
import { runCli } from './cli.js';

/** `npx @seedworks/connector-smtp doctor …`: the package's `bin`. */
const status = await runCli(process.argv.slice(2), (text) => process.stdout.write(text));
await closeSmtpTransports();
process.exitCode = status;
