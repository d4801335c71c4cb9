// `npm run bench [-- readiness|ingest|core|nhi|cli] [--evidence N] [--rows N] [--gitleaks-mib M] [--db sqlite|postgres]
// [--no-trufflehog] [--no-verify]`: prints figures, asserts nothing.

import { benchCliStart } from './cli-start.js';
import { benchCoreReadiness } from './core-readiness.js';
import { benchIngest } from './ingest.js';
import { benchNhi } from './nhi.js';
import { benchReadiness } from './readiness.js';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? undefined : args[i + 1];
};
const wanted = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
const run = (name: string) => wanted.length === 0 || wanted.includes(name);
const evidence = Number(flag('evidence') ?? 1_000_000);
const dbs = (flag('db') ? [flag('db')] : ['sqlite', 'postgres']) as ('sqlite' | 'postgres')[];

if (run('cli')) benchCliStart();
if (run('core')) benchCoreReadiness(250_000);
if (run('readiness')) for (const db of dbs) await benchReadiness(db, evidence);
if (run('ingest')) await benchIngest(Number(flag('ingest-mib') ?? 1024));
if (run('nhi'))
  await benchNhi({
    rows: Number(flag('rows') ?? 100_000),
    gitleaksMiB: Number(flag('gitleaks-mib') ?? 100),
    dbs,
    trufflehog: !args.includes('--no-trufflehog'),
    verify: !args.includes('--no-verify'),
  });
