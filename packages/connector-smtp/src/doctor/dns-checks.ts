import type { SmtpConfig } from '../config/types.js';
import type { Server } from '../delivery/server-order.js';
import { checkDkim } from './dkim-check.js';
import { checkDmarc } from './dmarc-check.js';
import type { Finding } from './finding.js';
import { checkSpf } from './spf-check.js';
import type { TxtLookup } from './txt-records.js';

/** The sender domain's SPF, DMARC and DKIM, as receivers will look them up. */
export const checkSenderDomain = async (
  config: SmtpConfig,
  fromDomain: string,
  servers: readonly Server[],
  lookup: TxtLookup,
): Promise<Finding[]> => {
  const [spf, dmarc, dkim] = await Promise.all([
    checkSpf(fromDomain, servers, lookup),
    checkDmarc(fromDomain, lookup),
    checkDkim(config, fromDomain, lookup),
  ]);
  return [...spf, dmarc, ...dkim];
};
