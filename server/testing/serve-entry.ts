// The server's entry without the web build or channels, for tests that start Parley as a process.
import { main } from '../serve';

main().catch((e) => {
  process.stderr.write(`parley: failed to start: ${(e as Error).message}\n`);
  process.exit(1);
});
