// Parley's composition root: the server plus the channel adapters that sit above it.
import { createConnectorKinds } from './integrations/connectors/index';
import { createChannels } from './integrations/index';
import { main } from './server/serve';

main({ channels: createChannels(), connectorKinds: createConnectorKinds(), buildWeb: true }).catch((e) => {
  process.stderr.write(`parley: failed to start: ${(e as Error).message}\n`);
  process.exit(1);
});
