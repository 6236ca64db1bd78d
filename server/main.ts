import { main } from './serve';

main().catch((e) => {
  process.stderr.write(`parley: failed to start: ${(e as Error).message}\n`);
  process.exit(1);
});
